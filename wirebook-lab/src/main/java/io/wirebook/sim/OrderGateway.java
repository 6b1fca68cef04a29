package io.wirebook.sim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.wirebook.mold.MoldMessageHandler;
import io.wirebook.ouch.EnterOrder;
import io.wirebook.ouch.TriggerToken;
import io.wirebook.ouch.UfoFraming;
import io.wirebook.rx.Channel;
import io.wirebook.rx.socket.ControlMessages;
import io.wirebook.rx.socket.MsgHdr;
import io.wirebook.rx.socket.ReceiveSlots;
import io.wirebook.rx.socket.SocketCalls;
import io.wirebook.soupbintcp.SoupBinTCP;
import io.wirebook.stats.HostClock;
import io.wirebook.stats.LatencyRecorder;
import io.wirebook.sys.Libc;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The exchange's order entry for the tick-to-trade scenario: OUCH Enter Orders over UDP ({@link UfoFraming}) on one
 * port and over SoupBinTCP on kernel TCP on the next, each on a thread of its own. Every order is stamped with the
 * kernel's software receive stamp (SO_TIMESTAMPING, taken as the frame enters the exchange's stack; on TCP the stamp
 * of the last segment a read returned), decoded, and logged with the trigger its ClOrdID names
 * ({@link TriggerToken}); {@link #report} pairs each with the trigger's send time once the session is over.
 */
public final class OrderGateway implements AutoCloseable
{
    public static final int DEFAULT_UFO_PORT = 12600;
    public static final int DEFAULT_SOUPBINTCP_PORT = 12601;
    public static final String FILE = "gateway.properties";
    public static final String UFO = "ufo";
    public static final String SOUPBINTCP = "soupbintcp";

    private static final int DATAGRAM_BYTES = 2048;
    private static final int STREAM_BYTES = 1 << 16;
    private static final byte[] SESSION = "WBORDERS01".getBytes(StandardCharsets.US_ASCII);

    private final int udpFd;
    private final int listenFd;
    private final OrderLog ufoLog;
    private final OrderLog soupBinTcpLog;
    private final long realtimeToHost = Libc.realtimeToMonotonicOffset();
    private final Thread udpThread;
    private final Thread tcpThread;
    private volatile boolean running = true;
    private volatile long lastOrderNanos = HostClock.nanos();
    private volatile Throwable failure;
    private long logins;

    private OrderGateway(final int udpFd, final int listenFd, final int maxOrders)
    {
        this.udpFd = udpFd;
        this.listenFd = listenFd;
        ufoLog = new OrderLog(maxOrders);
        soupBinTcpLog = new OrderLog(maxOrders);
        udpThread = new Thread(this::receiveDatagrams, "order-gateway-ufo");
        tcpThread = new Thread(this::receiveStreams, "order-gateway-soupbintcp");
        udpThread.setDaemon(true);
        tcpThread.setDaemon(true);
    }

    /** Binds both sockets on {@code address} and starts receiving; keeps at most {@code maxOrders} per transport. */
    public static OrderGateway start(final String address, final int ufoPort, final int soupBinTcpPort,
        final int maxOrders)
    {
        final int host = Channel.parseIpv4(address);
        final int udp = GatewaySockets.udp(host, ufoPort);
        final int tcp;
        try
        {
            tcp = GatewaySockets.listening(host, soupBinTcpPort);
        }
        catch (final RuntimeException ex)
        {
            Libc.close(udp);
            throw ex;
        }
        final OrderGateway gateway = new OrderGateway(udp, tcp, maxOrders);
        gateway.udpThread.start();
        gateway.tcpThread.start();
        return gateway;
    }

    private void receiveDatagrams()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final ReceiveSlots slots = new ReceiveSlots(arena, 1, DATAGRAM_BYTES);
            final ControlMessages control = new ControlMessages(scratchCounter());
            final OrderDecoder decoder = new OrderDecoder(ufoLog);
            while (running)
            {
                slots.resetControlLength(0);
                final long length = SocketCalls.recvmsgBlocking(udpFd, slots.headerAddress(0));
                if (length < 0)
                {
                    continue;
                }
                control.parse(slots.control(), slots.controlOffset(0), slots.controlLength(0));
                decoder.arrivalNanos = control.arrivalNanos(realtimeToHost);
                if (UfoFraming.forEachMessage(slots.payload(), slots.payloadOffset(0), (int)length, decoder) < 0)
                {
                    ufoLog.malformed();
                }
            }
        }
        catch (final Throwable t)
        {
            failure = t;
        }
    }

    private void receiveStreams()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment errno = Libc.errnoState(arena);
            final MemorySegment header = arena.allocate(MsgHdr.SIZE, 8);
            final MemorySegment iovec = arena.allocate(MsgHdr.IOVEC_SIZE, 8);
            final MemorySegment controlMemory = arena.allocate(ReceiveSlots.CONTROL_SIZE, 8);
            final MemorySegment streamMemory = arena.allocate(STREAM_BYTES, 64);
            final MemorySegment replyMemory = arena.allocate(SoupBinTCP.HEADER_LENGTH + 64, 8);
            final UnsafeBuffer headers = new UnsafeBuffer(header.address(), (int)header.byteSize());
            final UnsafeBuffer iovecs = new UnsafeBuffer(iovec.address(), (int)iovec.byteSize());
            final UnsafeBuffer controlBuffer = new UnsafeBuffer(controlMemory.address(), ReceiveSlots.CONTROL_SIZE);
            final UnsafeBuffer stream = new UnsafeBuffer(streamMemory.address(), STREAM_BYTES);
            final UnsafeBuffer reply = new UnsafeBuffer(replyMemory.address(), (int)replyMemory.byteSize());
            headers.putLong(MsgHdr.IOV, iovec.address());
            headers.putLong(MsgHdr.IOVLEN, 1);
            headers.putLong(MsgHdr.CONTROL, controlMemory.address());
            final ControlMessages control = new ControlMessages(scratchCounter());
            final OrderDecoder decoder = new OrderDecoder(soupBinTcpLog);
            while (running)
            {
                final int fd = GatewaySockets.accept(listenFd, errno);
                if (fd < 0)
                {
                    continue;
                }
                try
                {
                    int filled = 0;
                    boolean open = true;
                    while (running && open)
                    {
                        iovecs.putLong(MsgHdr.IOV_BASE, streamMemory.address() + filled);
                        iovecs.putLong(MsgHdr.IOV_LEN, STREAM_BYTES - filled);
                        headers.putLong(MsgHdr.CONTROLLEN, ReceiveSlots.CONTROL_SIZE);
                        final long read = SocketCalls.recvmsgBlocking(fd, header.address());
                        if (read == 0)
                        {
                            break;
                        }
                        if (read < 0)
                        {
                            if (SocketCalls.isNoData(SocketCalls.errno()))
                            {
                                continue;
                            }
                            break;
                        }
                        control.parse(controlBuffer, 0, (int)headers.getLong(MsgHdr.CONTROLLEN));
                        decoder.arrivalNanos = control.arrivalNanos(realtimeToHost);
                        filled += (int)read;
                        int at = 0;
                        while (open && filled - at >= SoupBinTCP.PACKET_LENGTH_FIELD_LENGTH &&
                            filled - at >= SoupBinTCP.frameLength(stream, at))
                        {
                            open = onFrame(fd, stream, at, decoder, reply, replyMemory.address());
                            at += SoupBinTCP.frameLength(stream, at);
                        }
                        stream.putBytes(0, stream, at, filled - at);
                        filled -= at;
                    }
                }
                finally
                {
                    Libc.close(fd);
                }
            }
        }
        catch (final Throwable t)
        {
            failure = t;
        }
    }

    /** One SoupBinTCP packet from the client; false when the session ends. */
    private boolean onFrame(final int fd, final UnsafeBuffer stream, final int at, final OrderDecoder decoder,
        final UnsafeBuffer reply, final long replyAddress)
    {
        final byte type = SoupBinTCP.packetType(stream, at);
        if (type == SoupBinTCP.LOGIN_REQUEST)
        {
            logins++;
            final int length = SoupBinTCP.loginAccepted(reply, 0, SESSION, 1);
            return GatewaySockets.sendAll(fd, replyAddress, length);
        }
        if (type == SoupBinTCP.UNSEQUENCED_DATA)
        {
            decoder.onMessage(stream, at + SoupBinTCP.PAYLOAD_OFFSET, SoupBinTCP.payloadLength(stream, at));
            return true;
        }
        return type != SoupBinTCP.LOGOUT_REQUEST;
    }

    /**
     * Waits until no order came for {@code quietNanos}, or {@code maxNanos} passed: a receiver still working through
     * the session's end sends its last orders after the publisher has finished.
     */
    public void awaitQuiet(final long quietNanos, final long maxNanos) throws InterruptedException
    {
        final long deadline = HostClock.nanos() + maxNanos;
        while (HostClock.nanos() - lastOrderNanos < quietNanos && HostClock.nanos() < deadline)
        {
            Thread.sleep(10);
        }
    }

    /** Stops both threads (each within its receive timeout) and closes the sockets. */
    @Override
    public void close() throws InterruptedException
    {
        running = false;
        udpThread.join();
        tcpThread.join();
        Libc.close(udpFd);
        Libc.close(listenFd);
    }

    /** A thread's failure, or null. */
    public Throwable failure()
    {
        return failure;
    }

    /**
     * After {@link #close()} and the publisher's end: per transport, the orders received, the measured ones (their
     * trigger came while the market was open) paired with their trigger's send time, and wire-to-wire percentiles
     * (trigger sent → order's kernel arrival stamp), keys {@code ufo.*} and {@code soupbintcp.*}.
     */
    public Map<String, Object> report(final TriggerSendTimes times)
    {
        final Map<String, Object> report = new LinkedHashMap<>();
        report(UFO, ufoLog, times, report);
        report(SOUPBINTCP, soupBinTcpLog, times, report);
        report.put("soupbintcp.logins", logins);
        report.put("send_times_beyond_capacity", times.beyondCapacity());
        return report;
    }

    private static void report(final String transport, final OrderLog log, final TriggerSendTimes times,
        final Map<String, Object> report)
    {
        final Histogram wireToWire = LatencyRecorder.newHistogram();
        long measured = 0;
        long paired = 0;
        long unpaired = 0;
        for (int i = 0; i < log.count(); i++)
        {
            if (!log.marketOpen(i))
            {
                if (!times.sent(log.channel(i), log.sequenceNumber(i)))
                {
                    unpaired++;
                }
                continue;
            }
            measured++;
            if (!times.sent(log.channel(i), log.sequenceNumber(i)))
            {
                unpaired++;
                continue;
            }
            paired++;
            if (log.arrivalNanos(i) != HostClock.NO_STAMP)
            {
                final long sent = times.itchTimestamp(log.channel(i), log.sequenceNumber(i));
                wireToWire.recordValue(Math.min(Math.max(HostClock.sinceItchTimestamp(log.arrivalNanos(i), sent), 1),
                    LatencyRecorder.HIGHEST_TRACKABLE_NANOS));
            }
        }
        report.put(transport + ".orders_received", (long)log.count() + log.overflow());
        report.put(transport + ".orders_market_open", measured);
        report.put(transport + ".paired", paired);
        report.put(transport + ".unpaired", unpaired);
        report.put(transport + ".malformed", log.malformedCount());
        report.put(transport + ".no_stamp", log.noStamp());
        report.put(transport + ".overflow", log.overflow());
        report.put(transport + ".wire_to_wire_count", wireToWire.getTotalCount());
        if (wireToWire.getTotalCount() > 0)
        {
            report.put(transport + ".wire_to_wire_ns.p50", wireToWire.getValueAtPercentile(50));
            report.put(transport + ".wire_to_wire_ns.p90", wireToWire.getValueAtPercentile(90));
            report.put(transport + ".wire_to_wire_ns.p99", wireToWire.getValueAtPercentile(99));
            report.put(transport + ".wire_to_wire_ns.p999", wireToWire.getValueAtPercentile(99.9));
            report.put(transport + ".wire_to_wire_ns.max", wireToWire.getMaxValue());
        }
    }

    private static AtomicCounter scratchCounter()
    {
        return new AtomicCounter(new UnsafeBuffer(new byte[64]), 0);
    }

    /** Decodes each Enter Order a packet or packet stream carries and logs its trigger with the arrival stamp. */
    private final class OrderDecoder implements MoldMessageHandler
    {
        private final OrderLog log;
        long arrivalNanos = HostClock.NO_STAMP;

        OrderDecoder(final OrderLog log)
        {
            this.log = log;
        }

        @Override
        public void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            if (EnterOrder.check(buffer, offset, length) != EnterOrder.VALID)
            {
                log.malformed();
                return;
            }
            final int token = offset + EnterOrder.CL_ORD_ID_OFFSET;
            final long sequence = TriggerToken.sequenceNumber(buffer, token);
            if (sequence == TriggerToken.MALFORMED)
            {
                log.malformed();
                return;
            }
            log.record(TriggerToken.channel(buffer, token), sequence, TriggerToken.marketOpen(buffer, token),
                arrivalNanos);
            lastOrderNanos = HostClock.nanos();
        }
    }
}
