package io.wirebook.sockperf;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.tx.TxPath;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A sockperf server's message handling on a wirebook path, so that the real {@code sockperf ping-pong} and
 * {@code sockperf under-load} clients measure the path's own RX and TX (as sockperf's server.h
 * {@code handle_message} does for UDP):
 * <ul>
 *   <li>a datagram shorter than the header, or whose header's length is below the header's or beyond the datagram,
 *   is malformed: counted, skipped;</li>
 *   <li>a message without the client flag (another server's reply) is ignored, as is a warm-up message;</li>
 *   <li>a message that asks for a reply (the pong-request flag: every one in ping-pong, one in {@code
 *   --reply-every} under load) is answered with the same bytes, the header's length of them, its client flag
 *   cleared, to the address and port it came from ({@link TxPath#reply}, in place on af-xdp);</li>
 *   <li>any other client message is received and counted, unanswered.</li>
 * </ul>
 * Counters ({@code handler.echo.*}): {@code requests} (client messages, warm-up excluded), {@code replies}
 * (replies queued), {@code reply_refused} (TX full or refused), {@code warmup}, {@code not_client} and
 * {@code malformed}. Runs on the poll thread; allocates nothing.
 */
public final class SockperfEcho implements DatagramHandler
{
    private final TxPath tx;
    private final AtomicCounter requests;
    private final AtomicCounter replies;
    private final AtomicCounter replyRefused;
    private final AtomicCounter warmup;
    private final AtomicCounter notClient;
    private final AtomicCounter malformed;

    public SockperfEcho(final TxPath tx, final HandlerCounters counters)
    {
        this.tx = tx;
        requests = counters.handler("echo.requests");
        replies = counters.handler("echo.replies");
        replyRefused = counters.handler("echo.reply_refused");
        warmup = counters.handler("echo.warmup");
        notClient = counters.handler("echo.not_client");
        malformed = counters.handler("echo.malformed");
    }

    @Override
    public void onDatagram(
        final int channel, final DirectBuffer buffer, final int offset, final int length, final long arrivalNanos)
    {
        if (length < SockperfHeader.SIZE)
        {
            malformed.incrementRelease();
            return;
        }
        final long messageLength = SockperfHeader.length(buffer, offset);
        if (messageLength < SockperfHeader.SIZE || messageLength > length)
        {
            malformed.incrementRelease();
            return;
        }
        final int flags = SockperfHeader.flags(buffer, offset);
        if ((flags & SockperfHeader.CLIENT) == 0)
        {
            notClient.incrementRelease();
            return;
        }
        if ((flags & SockperfHeader.WARMUP) != 0)
        {
            warmup.incrementRelease();
            return;
        }
        requests.incrementRelease();
        if ((flags & SockperfHeader.PONG_REQUEST) == 0)
        {
            return;
        }
        // The received payload is the reply, changed in place: a path that can sends the very frame back.
        SockperfHeader.flags((MutableDirectBuffer)buffer, offset, flags & ~SockperfHeader.CLIENT);
        if (tx.reply(buffer, offset, (int)messageLength))
        {
            replies.incrementRelease();
        }
        else
        {
            replyRefused.incrementRelease();
        }
    }

    public long requests()
    {
        return requests.get();
    }

    public long replies()
    {
        return replies.get();
    }

    public long replyRefused()
    {
        return replyRefused.get();
    }

    public long warmups()
    {
        return warmup.get();
    }

    public long malformed()
    {
        return malformed.get();
    }
}
