package io.wirebook.sim;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import io.wirebook.rx.Channel;
import io.wirebook.rx.socket.MsgHdr;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;
import io.wirebook.sys.SockaddrIn;
import org.agrona.concurrent.UnsafeBuffer;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The publisher's wire when it must outrun the receivers: each line's packets are copied into a batch of
 * {@code batch} slots and handed to the kernel in one {@code sendmmsg(2)}, so the syscall's entry and exit are paid
 * once a batch rather than once a packet. The sockets are the ones {@link DatagramPacketSink} opens (bound to the
 * line's source address and port, multicast out of that address's interface, loop on, blocking), opened here
 * through libc because sendmmsg wants a descriptor.
 *
 * <p>A packet waits in its batch until the batch is full or the publisher {@linkplain #flush() flushes}, which it
 * does whenever it is about to wait for the pacer and at the end of each phase: paced below the sink's rate every
 * packet leaves at once, and only a flood batches. A packet's messages are stamped before it is queued, so a
 * batched packet's latency includes its wait in the batch (at most {@code batch} packets' send time). Blocking, for
 * the same reason as {@link DatagramPacketSink}: an exchange waits rather than drop its own packets. Nothing is
 * allocated per packet.
 */
public final class SendmmsgPacketSink implements PacketSink
{
    public static final int MAX_BATCH = 1024;

    private static final int SO_SNDBUF = 7;
    private static final int IP_MULTICAST_TTL = 33;
    private static final int IP_MULTICAST_LOOP = 34;
    private static final int SOCKADDR_IN_SIZE = SockaddrIn.SIZE;
    private static final int SEND_BUFFER_BYTES = 4 * 1024 * 1024;
    private static final MethodHandle SENDMMSG = Libc.capturing("sendmmsg",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT));

    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = Libc.errnoState(arena);
    private final int batch;
    private final int slotBytes;
    private final int[] fds;
    private final Line[] lines;

    /** One line's socket, destinations (a sockaddr_in per channel) and batch of slots. */
    private static final class Line
    {
        final int fd;
        final long destinations;
        final MemorySegment headers;
        final MemorySegment iovecs;
        final UnsafeBuffer slots;
        int queued;

        Line(
            final int fd, final long destinations, final MemorySegment headers, final MemorySegment iovecs,
            final UnsafeBuffer slots)
        {
            this.fd = fd;
            this.destinations = destinations;
            this.headers = headers;
            this.iovecs = iovecs;
            this.slots = slots;
        }
    }

    /**
     * Opens a socket per line of {@code config} and a batch of {@code batch} packets per line.
     *
     * @throws IllegalArgumentException when {@code batch} is outside 1..{@link #MAX_BATCH}.
     * @throws NativeException          naming the call that failed (no interface holds a line's source address...).
     */
    public SendmmsgPacketSink(final PublisherConfig config, final int batch)
    {
        if (batch < 1 || batch > MAX_BATCH)
        {
            throw new IllegalArgumentException("send batch must be 1.." + MAX_BATCH + ", got " + batch);
        }
        this.batch = batch;
        this.slotBytes = config.maxPacketBytes();
        final int lineCount = config.lineCount();
        this.fds = new int[lineCount];
        Arrays.fill(fds, -1);
        this.lines = new Line[lineCount];
        try
        {
            for (int l = 0; l < lineCount; l++)
            {
                final int source = config.lineSourceAddress(l);
                final int fd = l > 0 && source == config.lineSourceAddress(0) ? fds[0] :
                    open(source, config.sourcePort(), config.ttl());
                fds[l] = fd;
                lines[l] = newLine(fd, config.lineChannels(l));
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    private Line newLine(final int fd, final List<Channel> channels)
    {
        final MemorySegment destinations = arena.allocate((long)SOCKADDR_IN_SIZE * channels.size(), 8);
        for (int c = 0; c < channels.size(); c++)
        {
            final Channel channel = channels.get(c);
            MemorySegment.copy(Libc.sockaddrIn(arena, channel.group(), channel.port()), 0, destinations,
                (long)c * SOCKADDR_IN_SIZE, SOCKADDR_IN_SIZE);
        }
        final MemorySegment headers = arena.allocate((long)MsgHdr.MMSGHDR_SIZE * batch, 8);
        final MemorySegment iovecs = arena.allocate((long)MsgHdr.IOVEC_SIZE * batch, 8);
        final MemorySegment slots = arena.allocate((long)slotBytes * batch, 64);
        for (int i = 0; i < batch; i++)
        {
            final long header = (long)i * MsgHdr.MMSGHDR_SIZE;
            final long iovec = iovecs.address() + (long)i * MsgHdr.IOVEC_SIZE;
            headers.set(JAVA_LONG, header + MsgHdr.IOV, iovec);
            headers.set(JAVA_LONG, header + MsgHdr.IOVLEN, 1L);
            headers.set(JAVA_INT, header + MsgHdr.NAMELEN, SOCKADDR_IN_SIZE);
            iovecs.set(JAVA_LONG, (long)i * MsgHdr.IOVEC_SIZE + MsgHdr.IOV_BASE, slots.address() + (long)i * slotBytes);
        }
        return new Line(fd, destinations.address(), headers, iovecs,
            new UnsafeBuffer(slots.address(), (int)slots.byteSize()));
    }

    @Override
    public void send(final int channel, final int line, final ByteBuffer packet)
    {
        final Line l = lines[line];
        final int i = l.queued;
        final int length = packet.remaining();
        l.slots.putBytes(i * slotBytes, packet, packet.position(), length);
        l.headers.set(JAVA_LONG, (long)i * MsgHdr.MMSGHDR_SIZE + MsgHdr.NAME,
            l.destinations + (long)channel * SOCKADDR_IN_SIZE);
        l.iovecs.set(JAVA_LONG, (long)i * MsgHdr.IOVEC_SIZE + MsgHdr.IOV_LEN, length);
        l.queued = i + 1;
        if (l.queued == batch)
        {
            flush(l);
        }
    }

    @Override
    public boolean holdsPackets()
    {
        return batch > 1;
    }

    @Override
    public void flush()
    {
        for (final Line line : lines)
        {
            flush(line);
        }
    }

    private void flush(final Line line)
    {
        int sent = 0;
        while (sent < line.queued)
        {
            final int result;
            try
            {
                result = (int)SENDMMSG.invokeExact(errno, line.fd,
                    line.headers.address() + (long)sent * MsgHdr.MMSGHDR_SIZE,
                    line.queued - sent, 0);
            }
            catch (final Throwable t)
            {
                throw new IllegalStateException(t);
            }
            if (result < 0)
            {
                final int code = Libc.errno(errno);
                if (code == Libc.EINTR)
                {
                    continue;
                }
                throw new NativeException("sendmmsg", code);
            }
            sent += result;
        }
        line.queued = 0;
    }

    @Override
    public void close()
    {
        for (int l = 0; l < fds.length; l++)
        {
            if (fds[l] >= 0 && (l == 0 || fds[l] != fds[0]))
            {
                Libc.close(fds[l]);
            }
            fds[l] = -1;
        }
        arena.close();
    }

    private int open(final int source, final int port, final int ttl)
    {
        final int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        try
        {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, SO_SNDBUF, SEND_BUFFER_BYTES);
            Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_IF, Libc.ipMreqn(arena, 0, source, 0));
            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, IP_MULTICAST_TTL, ttl);
            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, IP_MULTICAST_LOOP, 1);
            Libc.bind(fd, Libc.sockaddrIn(arena, source, port));
            return fd;
        }
        catch (final RuntimeException ex)
        {
            Libc.close(fd);
            throw new IllegalStateException("cannot open the publisher socket on " + Channel.toDotted(source) + ":" +
                port + ": " + ex.getMessage() + " (is the lab network up, and is this the exchange namespace?)", ex);
        }
    }
}
