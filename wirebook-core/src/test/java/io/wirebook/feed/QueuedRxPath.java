package io.wirebook.feed;

import java.util.ArrayDeque;

import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.RxConfig;
import io.wirebook.stats.HostClock;
import org.agrona.concurrent.UnsafeBuffer;

/** A receive path for unit tests: hands over datagrams queued by the test, one per poll. */
class QueuedRxPath extends ScriptedRxPath
{
    private record Datagram(int channel, byte[] bytes)
    {
    }

    private final ArrayDeque<Datagram> queue = new ArrayDeque<>();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    boolean opened;
    boolean closed;

    QueuedRxPath()
    {
        super("queued");
    }

    boolean isEmpty()
    {
        return queue.isEmpty();
    }

    void add(final int channel, final byte[] bytes)
    {
        queue.add(new Datagram(channel, bytes));
    }

    @Override
    public void open(final RxConfig config)
    {
        opened = true;
    }

    @Override
    public int poll(final DatagramHandler handler)
    {
        final Datagram d = queue.poll();
        if (d == null)
        {
            return 0;
        }
        buffer.putBytes(0, d.bytes());
        handler.onDatagram(d.channel(), buffer, 0, d.bytes().length, HostClock.nanos());
        return 1;
    }

    @Override
    public void close()
    {
        closed = true;
    }
}
