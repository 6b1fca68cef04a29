package io.wirebook.sim;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.wirebook.itch.ItchListener;
import io.wirebook.itch.ItchMessage;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchReader;
import io.wirebook.itch.ItchWriter;
import io.wirebook.mold.MoldPacketizer;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.stats.HostClock;
import io.wirebook.sys.Libc;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The exchange simulator's sending side: it paces a {@link MessageSource} at the configured rate, routes each
 * message to its instrument's channel, packs each channel's messages into MoldUDP64 packets and sends them.
 *
 * <p>One run is one trading session on every channel:
 * <ol>
 *   <li>System Events 'O' (start of messages) and 'S' (start of system hours);</li>
 *   <li>warm-up flow for {@code warmupSeconds} at the target rate, or its explicit count of messages however long
 *       they take and then heartbeats only until {@code warmupSeconds} have passed (the Stock Directory the source
 *       emits first goes to its instruments' channels here);</li>
 *   <li>'Q' (start of market hours): receivers reset their statistics on it, so the warm-up is not measured;</li>
 *   <li>measured flow for {@code durationSeconds}, paced evenly at the rate or, with a replay speed, by the
 *       messages' own timestamps until the flow ends;</li>
 *   <li>'M', 'E', 'C', then the MoldUDP64 End of Session packet, three times 1 ms apart in case one is lost.</li>
 * </ol>
 *
 * <p>A channel's packet goes out when it reaches its target size, drawn per packet in [min, max] from the seed,
 * or when its oldest message would otherwise wait more than {@link #MAX_HOLD_NS} for the next one. Every message of
 * a packet is stamped with the host clock just before the send: that stamp is what receivers measure latency from.
 * A channel with nothing to say for a second sends a heartbeat.
 *
 * <p>Every packet goes out on line A and, when the config has line B, the same bytes on line B, each through a
 * {@link LineSender} that makes the line's configured reorder and duplicates. A {@link SentMessageListener}, if
 * given, hears each message once, whatever the lines do with its packet.
 *
 * <p>Nothing is allocated per message or per packet: packets are built in place in per-channel direct buffers.
 * {@link #run()} pins and blocks the calling thread; call it on a thread of its own, inside the exchange's network
 * namespace.
 */
public final class Publisher
{
    /**
     * The longest a message waits, on the schedule, for others to share its packet. At the scenarios' rates (50k msg/s
     * a channel) a 100–500 byte packet fills in 60–300 µs, so packets carry several messages as real feeds do; the
     * hold only bounds the wait at low rates. It does not enter the measured latency: messages are stamped at send.
     */
    public static final long MAX_HOLD_NS = 1_000_000;
    public static final long HEARTBEAT_INTERVAL_NS = 1_000_000_000L;
    public static final int END_OF_SESSION_REPEATS = 3;
    public static final long END_OF_SESSION_GAP_NS = 1_000_000;

    private static final int SCRATCH_LENGTH = 256;
    private static final int MIN_MESSAGE_LENGTH = 12;

    private final PublisherConfig config;
    private final MessageSource flow;
    private final ItchListener tap;
    private final SentMessageListener sentListener;
    private final ItchReader tapReader = new ItchReader();
    private final PacketSink givenSink;
    private final NanoClock clock;
    private final ChannelPartition partition;
    private final Pacer pacer;
    private final SplittableRandom sizes;
    private final byte[] session;
    private final int channelCount;
    private final LineSender[] lines;

    private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(SCRATCH_LENGTH));
    private final ByteBuffer controlBytes = ByteBuffer.allocateDirect(MoldUDP64.HEADER_LENGTH);
    private final UnsafeBuffer control = new UnsafeBuffer(controlBytes);

    private final ByteBuffer[] packetBytes;
    private final UnsafeBuffer[] packetBuffers;
    private final MoldPacketizer[] packetizers;
    private final int[] targetLengths;
    private final int[][] messageOffsets;
    private final int[][] messageLengths;
    private final long[] oldestPendingDueNs;
    private final long[] lastSendNs;

    private final long[] packets;
    private final long[] messages;
    private final long[] bytes;
    private final long[] heartbeats;
    private int minPacket = Integer.MAX_VALUE;
    private int maxPacket;
    private long dataPackets;
    private long dataPacketBytes;
    private long skippedMessages;
    private long flowMessagesPublished;
    private boolean flowExhausted;
    private volatile boolean stopRequested;
    /**
     * How far past its time a paced phase may run to catch up: a shared host stalls a thread for 10 ms and more,
     * and a short paced phase must still send its whole count.
     */
    private static final long PHASE_SLACK_NANOS = 50_000_000L;

    /**
     * Seconds of the measured phase whose sent messages are counted one by one ({@link #peakSecondMessages}): the
     * phase's own seconds and this many more, for a late one; later ones count in the last.
     */
    private static final int EXTRA_COUNTED_SECONDS = 60;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Flow messages sent in each second of the measured phase, from its start; preallocated. */
    private final long[] measuredSecondMessages;
    private long measureStartNs;
    private boolean measuring;

    /** Flow messages sent so far, for another thread to read: one ordered write per data packet, no fence. */
    private final AtomicLong messagesSent = new AtomicLong();

    private PacketSink sink;
    private boolean sinkHoldsPackets;

    /**
     * A publisher that sends on the wire, from the interface with {@code config.sourceAddress()}.
     *
     * @param tap if not null, sees every message as it is sent (after stamping), e.g. for the simulator's own books.
     */
    public Publisher(final PublisherConfig config, final MessageSource flow, final ItchListener tap)
    {
        this(config, flow, tap, null, HostClock::nanos, null);
    }

    /**
     * A publisher that sends on the wire and reports every message it sends to {@code sentListener} (e.g. the
     * request server's message store); null for none.
     */
    public Publisher(
        final PublisherConfig config, final MessageSource flow, final ItchListener tap,
        final SentMessageListener sentListener)
    {
        this(config, flow, tap, null, HostClock::nanos, sentListener);
    }

    /** A publisher with its own sink and clock, for tests and replays; a null sink means the wire. */
    public Publisher(
        final PublisherConfig config, final MessageSource flow, final ItchListener tap, final PacketSink sink,
        final NanoClock clock)
    {
        this(config, flow, tap, sink, clock, null);
    }

    /** The full form: own sink (null for the wire), clock and sent-message listener (null for none). */
    public Publisher(
        final PublisherConfig config, final MessageSource flow, final ItchListener tap, final PacketSink sink,
        final NanoClock clock, final SentMessageListener sentListener)
    {
        this.config = config;
        this.flow = flow;
        this.tap = tap;
        this.sentListener = sentListener;
        this.givenSink = sink;
        this.clock = clock;
        this.session = config.session();
        this.channelCount = config.channels().size();
        this.partition = new ChannelPartition(channelCount);
        this.pacer = new Pacer(clock, config.rateMsgs(), Pacer.DEFAULT_LATE_THRESHOLD_NS, this::sendHeartbeats);
        this.sizes = new SplittableRandom(config.seed());
        this.lines = new LineSender[config.lineCount()];
        this.measuredSecondMessages = new long[(int)Math.ceil(config.durationSeconds()) + EXTRA_COUNTED_SECONDS];

        final int maxMessages = (config.maxPacketBytes() - MoldUDP64.HEADER_LENGTH)
            / (MoldUDP64.MESSAGE_LENGTH_PREFIX + MIN_MESSAGE_LENGTH) + 1;
        packetBytes = new ByteBuffer[channelCount];
        packetBuffers = new UnsafeBuffer[channelCount];
        packetizers = new MoldPacketizer[channelCount];
        targetLengths = new int[channelCount];
        messageOffsets = new int[channelCount][maxMessages];
        messageLengths = new int[channelCount][maxMessages];
        oldestPendingDueNs = new long[channelCount];
        lastSendNs = new long[channelCount];
        packets = new long[channelCount];
        messages = new long[channelCount];
        bytes = new long[channelCount];
        heartbeats = new long[channelCount];
        for (int c = 0; c < channelCount; c++)
        {
            packetBytes[c] = ByteBuffer.allocateDirect(config.maxPacketBytes());
            packetBuffers[c] = new UnsafeBuffer(packetBytes[c]);
            packetizers[c] = new MoldPacketizer(session, packetBuffers[c], config.maxPacketBytes());
        }
    }

    /** Flow messages sent in data packets so far, warm-up included; safe to read from any thread. */
    public long messagesSent()
    {
        return messagesSent.get();
    }

    /**
     * The flow's messages published, both phases, in the flow's order: the first this many well-formed messages of
     * the source, without the session's System Events. Read after {@link #run()}.
     */
    public long flowMessagesPublished()
    {
        return flowMessagesPublished;
    }

    /** Asks a running {@link #run()} to end the session early; it still sends the closing events. */
    public void requestStop()
    {
        stopRequested = true;
    }

    /** Runs one whole session on every channel; see the class comment. */
    public PublisherStats run()
    {
        if (config.cpu() >= 0)
        {
            Libc.pinCurrentThread(config.cpu());
        }
        try (PacketSink sink = null != givenSink ? givenSink : new DatagramPacketSink(config))
        {
            this.sink = sink;
            this.sinkHoldsPackets = sink.holdsPackets();
            for (int line = 0; line < lines.length; line++)
            {
                lines[line] = new LineSender(sink, line, config.lineFaults(line), channelCount,
                    config.maxPacketBytes(), config.seed());
            }
            final long begin = clock.nanoTime();
            for (int c = 0; c < channelCount; c++)
            {
                packetizers[c].reset(1);
                targetLengths[c] = drawTargetLength();
                lastSendNs[c] = begin;
            }

            broadcast(ItchMessages.EVENT_START_OF_MESSAGES, ItchMessages.EVENT_START_OF_SYSTEM_HOURS);

            final long warmupStart = clock.nanoTime();
            pacer.start(warmupStart);
            publishFlow(config.warmupMessages(), config.warmupSeconds(), config.warmupCount() < 0);
            flushAll();
            if (config.warmupCount() >= 0)
            {
                // A warm-up sent flat out leaves receivers behind, or recovering what they lost: they catch up
                // before Start of Market Hours rather than in the measured phase.
                idleUntil(warmupStart + (long)(config.warmupSeconds() * 1e9));
            }

            broadcast(ItchMessages.EVENT_START_OF_MARKET_HOURS);
            final long measureStart = clock.nanoTime();
            measureStartNs = measureStart;
            measuring = true;
            final long measured;
            if (config.timedReplay())
            {
                pacer.startTimed(measureStart, config.replaySpeed());
                measured = publishFlow(Long.MAX_VALUE, config.durationSeconds(), false);
            }
            else
            {
                pacer.start(measureStart);
                measured = publishFlow(config.measuredMessages(), config.durationSeconds(), true);
            }
            flushAll();
            measuring = false;
            final long measureEnd = clock.nanoTime();

            broadcast(ItchMessages.EVENT_END_OF_MARKET_HOURS, ItchMessages.EVENT_END_OF_SYSTEM_HOURS,
                ItchMessages.EVENT_END_OF_MESSAGES);
            sendEndOfSession();
            for (final LineSender line : lines)
            {
                line.flush();
            }

            return stats(measured, measureEnd - measureStart);
        }
        finally
        {
            this.sink = null;
        }
    }

    /**
     * Publishes up to {@code count} paced messages from the flow; if {@code bounded}, for no longer than the phase's
     * seconds (plus 2% and {@link #PHASE_SLACK_NANOS}): a publisher asked for more than it can send (the lab's flood
     * runs) ends the phase on time, a paced one ends it on its count, even after the host stalled it for a while.
     * An explicit warm-up count and a timed replay are not bounded: they send their messages however late. Returns
     * how many it published.
     */
    private long publishFlow(final long count, final double seconds, final boolean bounded)
    {
        final long deadline = bounded ? clock.nanoTime() + (long)(seconds * 1.02e9) + PHASE_SLACK_NANOS :
            Long.MAX_VALUE;
        long published = 0;
        while (published < count && !stopRequested)
        {
            if (bounded && (published & 63) == 63 && clock.nanoTime() - deadline > 0)
            {
                break;
            }
            final int length = flow.next(scratch, 0);
            if (length <= 0)
            {
                flowExhausted = true;
                break;
            }
            if (length > SCRATCH_LENGTH || ItchReader.check(scratch, 0, length) != ItchReader.OK)
            {
                skippedMessages++;
                continue;
            }
            final int channel = partition.channelOf(flow.lastStockLocate());
            if (pacer.timed())
            {
                pacer.schedule(ItchMessage.readTimestamp(scratch, 0));
            }

            // The next message is due at nextDue at the earliest, on whichever channel: a packet whose oldest
            // message would be held past its deadline by then goes now rather than wait for company.
            flushHeld(pacer.nextDueNs());
            if (sinkHoldsPackets && pacer.nextDueNs() - clock.nanoTime() > 0)
            {
                // About to wait: what a batching sink holds goes now, so only a flood waits in a batch.
                sink.flush();
            }
            pacer.awaitNext();
            append(channel, scratch, length, pacer.lastDueNs());
            published++;
        }
        flowMessagesPublished += published;
        return published;
    }

    /** Sends nothing but heartbeats until {@code untilNs}. */
    private void idleUntil(final long untilNs)
    {
        long now = clock.nanoTime();
        while (now - untilNs < 0 && !stopRequested)
        {
            sendHeartbeats(now);
            Thread.yield();
            now = clock.nanoTime();
        }
    }

    private void append(final int channel, final DirectBuffer source, final int length, final long dueNs)
    {
        final MoldPacketizer packetizer = packetizers[channel];
        if (!packetizer.fits(length))
        {
            sendPacket(channel);
        }
        final int index = packetizer.messageCount();
        if (index == 0)
        {
            oldestPendingDueNs[channel] = dueNs;
        }
        final int at = packetizer.beginMessage();
        packetBuffers[channel].putBytes(at, source, 0, length);
        packetizer.commitMessage(length);
        messageOffsets[channel][index] = at;
        messageLengths[channel][index] = length;
        if (packetizer.length() >= targetLengths[channel])
        {
            sendPacket(channel);
        }
    }

    private void sendPacket(final int channel)
    {
        final MoldPacketizer packetizer = packetizers[channel];
        final int count = packetizer.messageCount();
        if (count == 0)
        {
            return;
        }
        final UnsafeBuffer buffer = packetBuffers[channel];
        final int[] offsets = messageOffsets[channel];
        final long now = clock.nanoTime();
        final long timestamp = HostClock.itchTimestamp(now);
        for (int i = 0; i < count; i++)
        {
            ItchWriter.stampTimestamp(buffer, offsets[i], timestamp);
        }

        if (null != sentListener)
        {
            final int[] lengths = messageLengths[channel];
            final long first = packetizer.firstSequenceNumber();
            for (int i = 0; i < count; i++)
            {
                sentListener.onSent(channel, first + i, buffer, offsets[i], lengths[i]);
            }
        }

        final int length = packetizer.length();
        transmit(channel, packetBytes[channel], length, true);
        lastSendNs[channel] = now;

        packets[channel]++;
        messages[channel] += count;
        messagesSent.lazySet(messagesSent.getPlain() + count);
        if (measuring)
        {
            final long second = (now - measureStartNs) / NANOS_PER_SECOND;
            measuredSecondMessages[(int)Math.min(second, measuredSecondMessages.length - 1)] += count;
        }
        bytes[channel] += length;
        dataPackets++;
        dataPacketBytes += length;
        minPacket = Math.min(minPacket, length);
        maxPacket = Math.max(maxPacket, length);

        if (null != tap)
        {
            final int[] lengths = messageLengths[channel];
            for (int i = 0; i < count; i++)
            {
                tapReader.read(buffer, offsets[i], lengths[i], tap);
            }
        }

        packetizer.reset(packetizer.nextSequenceNumber());
        targetLengths[channel] = drawTargetLength();
    }

    private void flushHeld(final long nextDueNs)
    {
        for (int c = 0; c < channelCount; c++)
        {
            if (packetizers[c].messageCount() > 0 && nextDueNs - oldestPendingDueNs[c] > MAX_HOLD_NS)
            {
                sendPacket(c);
            }
        }
    }

    private void flushAll()
    {
        for (int c = 0; c < channelCount; c++)
        {
            sendPacket(c);
        }
        sink.flush();
    }

    /** Puts the System Events on every channel, in order, and sends them at once. */
    private void broadcast(final byte... eventCodes)
    {
        final long now = clock.nanoTime();
        for (int c = 0; c < channelCount; c++)
        {
            for (final byte code : eventCodes)
            {
                final int length = ItchWriter.systemEvent(scratch, 0, 0, 0, code);
                append(c, scratch, length, now);
            }
            sendPacket(c);
        }
        sink.flush();
    }

    private void sendHeartbeats(final long nowNs)
    {
        for (int c = 0; c < channelCount; c++)
        {
            if (nowNs - lastSendNs[c] >= HEARTBEAT_INTERVAL_NS)
            {
                // The next sequence number receivers should expect: that of the first message not yet sent.
                final MoldPacketizer packetizer = packetizers[c];
                sendControl(c, MoldUDP64.heartbeat(
                    control, 0, session, packetizer.nextSequenceNumber() - packetizer.messageCount()));
                heartbeats[c]++;
                lastSendNs[c] = nowNs;
            }
        }
    }

    private void sendEndOfSession()
    {
        for (int repeat = 0; repeat < END_OF_SESSION_REPEATS; repeat++)
        {
            if (repeat > 0)
            {
                final long until = clock.nanoTime() + END_OF_SESSION_GAP_NS;
                while (clock.nanoTime() < until)
                {
                    Thread.onSpinWait();
                }
            }
            for (int c = 0; c < channelCount; c++)
            {
                sendControl(c, MoldUDP64.endOfSession(control, 0, session, packetizers[c].nextSequenceNumber()));
            }
        }
    }

    private void sendControl(final int channel, final int length)
    {
        transmit(channel, controlBytes, length, false);
        bytes[channel] += length;
    }

    private void transmit(final int channel, final ByteBuffer packet, final int length, final boolean data)
    {
        for (final LineSender line : lines)
        {
            packet.limit(length).position(0);
            line.send(channel, packet, data);
        }
        if (!data)
        {
            sink.flush();
        }
    }

    /**
     * The most flow messages sent in one second of the measured phase, its seconds counted from its start: the peak
     * one-second rate the publisher offered. Read after {@link #run()}.
     */
    public long peakSecondMessages()
    {
        long peak = 0;
        for (final long messages : measuredSecondMessages)
        {
            peak = Math.max(peak, messages);
        }
        return peak;
    }

    /** Flow messages sent in second {@code second} of the measured phase; read after {@link #run()}. */
    public long secondMessages(final int second)
    {
        return second < measuredSecondMessages.length ? measuredSecondMessages[second] : 0;
    }

    /** Data packets of a line ({@code Flow.LINE_A} or {@code LINE_B}) sent after their successor; 0 before run. */
    public long reorderedPackets(final int line)
    {
        return line < lines.length && null != lines[line] ? lines[line].reordered() : 0;
    }

    /** Data packets of a line sent twice; 0 before run. */
    public long duplicatedPackets(final int line)
    {
        return line < lines.length && null != lines[line] ? lines[line].duplicated() : 0;
    }

    private int drawTargetLength()
    {
        return config.minPacketBytes() + sizes.nextInt(config.maxPacketBytes() - config.minPacketBytes() + 1);
    }

    private PublisherStats stats(final long measured, final long measuredNs)
    {
        final List<PublisherStats.ChannelStats> perChannel = new ArrayList<>(channelCount);
        for (int c = 0; c < channelCount; c++)
        {
            perChannel.add(new PublisherStats.ChannelStats(
                c, config.channels().get(c).toString(), packets[c], messages[c], bytes[c], heartbeats[c],
                packetizers[c].nextSequenceNumber() - 1));
        }
        final double seconds = measuredNs / 1e9;
        return new PublisherStats(
            perChannel,
            config.rateMsgs(),
            measured,
            seconds,
            seconds > 0 ? measured / seconds : 0,
            pacer.maxLatenessNs(),
            pacer.lateCount(),
            pacer.lateThresholdNs(),
            dataPackets == 0 ? 0 : minPacket,
            dataPackets == 0 ? 0 : (double)dataPacketBytes / dataPackets,
            maxPacket,
            skippedMessages,
            flowExhausted);
    }
}
