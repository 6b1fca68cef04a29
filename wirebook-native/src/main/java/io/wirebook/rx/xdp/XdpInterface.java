package io.wirebook.rx.xdp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.wirebook.capture.PacketCapture;
import io.wirebook.rx.Channel;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.Flow;
import io.wirebook.rx.FrameFilter;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.socket.GroupMembership;
import io.wirebook.sys.Interfaces;
import io.wirebook.sys.NativeException;
import io.wirebook.tx.FrameTxRing;
import io.wirebook.tx.UdpEndpoint;
import io.wirebook.tx.UdpFrameBuilder;
import org.agrona.DirectBuffer;

/**
 * What af-xdp holds on one interface: our XDP program attached to it (with its own maps, holding that interface's
 * flows), one AF_XDP socket with its own UMEM on one RX queue, the {@link FrameFilter} of that interface's flows,
 * and the kernel's membership of their groups. A path with two lines holds two.
 */
final class XdpInterface implements FrameTxRing
{
    private static final int EBUSY = 16;
    private static final int BIND_ATTEMPTS = 40;

    /** The af-xdp options that shape each interface's attachment and socket. */
    record Settings(boolean nativeMode, XskSocket.BindMode bindMode, int queue, int frames, int frameSize,
        boolean hugePages, boolean busyPoll)
    {
    }

    private static final Path SYS_CLASS_NET = Path.of("/sys/class/net");

    private final String interfaceName;
    private final FrameFilter filter;
    private UdpFrameBuilder frameBuilder;
    private int localPort;
    private XdpProgram program;
    private XskSocket socket;
    private GroupMembership membership;
    private NapiDeferral napiDeferral;
    private boolean closed;

    private XdpInterface(final String interfaceName, final FrameFilter filter)
    {
        this.interfaceName = interfaceName;
        this.filter = filter;
    }

    /**
     * Loads, fills and attaches the program on {@code interfaceName}, opens its socket and joins its groups, in the
     * calling thread's network namespace. On failure everything made so far is released before it throws. Its
     * filter and socket count in {@code counters}, the path's, shared with its other interfaces.
     */
    static XdpInterface open(final LibBpf bpf, final Path objectFile, final List<Flow> flows,
        final String interfaceName, final Settings settings, final AfXdpCounters counters)
        throws RxUnavailableException
    {
        final int ifindex = Interfaces.index(interfaceName);
        final XdpInterface opened =
            new XdpInterface(interfaceName, new FrameFilter(flows, interfaceName, counters.filter));
        try
        {
            opened.program = XdpProgram.load(bpf, objectFile);
            opened.program.addFlows(flows, interfaceName);
            opened.socket = openSocket(ifindex, settings, interfaceName, counters);
            opened.program.registerSocket(settings.queue(), opened.socket.fd());
            opened.program.attach(ifindex, interfaceName, settings.nativeMode());
            opened.localPort = firstPortOn(flows, interfaceName);
            opened.frameBuilder = new UdpFrameBuilder(Interfaces.hardwareAddress(interfaceName),
                interfaceAddressOf(flows, interfaceName), opened.localPort);
            opened.membership = GroupMembership.join(
                groupsOn(flows, interfaceName), interfaceAddressOf(flows, interfaceName), ifindex);
            if (settings.busyPoll())
            {
                opened.napiDeferral = deferNapi(interfaceName);
            }
            return opened;
        }
        catch (final RxUnavailableException ex)
        {
            opened.close(true);
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            opened.close(true);
            throw new RxUnavailableException("af-xdp open failed on " + interfaceName + ": " + ex.getMessage()
                + "; fix: check the interface is up and the kernel log (dmesg)", ex);
        }
    }

    /** @param capture where every frame goes as received, before the filter, or null. */
    int poll(final DatagramHandler handler, final PacketCapture capture)
    {
        return socket.poll(filter, capture, handler);
    }

    String interfaceName()
    {
        return interfaceName;
    }

    FrameFilter filter()
    {
        return filter;
    }

    /** A reply in the received UMEM frame, put on the TX ring instead of the fill ring ({@link XskSocket}). */
    @Override
    public int replyInPlace(final DirectBuffer payload, final int offset, final int length)
    {
        return socket.replyInPlace(frameBuilder, payload, offset, length);
    }

    /** A send in one of the UMEM frames held back for TX. */
    @Override
    public boolean sendCopy(final UdpEndpoint to, final DirectBuffer payload, final int offset, final int length)
    {
        return socket.sendCopy(frameBuilder, to, payload, offset, length);
    }

    @Override
    public boolean currentSource(final UdpEndpoint into)
    {
        return socket.currentSource(into);
    }

    @Override
    public int flushTx()
    {
        return socket.flushTx();
    }

    @Override
    public int lastCompleted()
    {
        return socket.lastCompleted();
    }

    @Override
    public int maxTxPayload()
    {
        return socket.maxTxPayload();
    }

    /** The UDP port this interface's frames leave from: its first flow's. */
    @Override
    public int localPort()
    {
        return localPort;
    }

    XdpProgram program()
    {
        return program;
    }

    XskSocket socket()
    {
        return socket;
    }

    /** Whether busy polling got the interface's NAPI deferral ({@code xdp.busy-poll}). */
    boolean napiDeferred()
    {
        return napiDeferral != null;
    }

    /** "xdp=native bind=copy umem=hugepages": the modes the kernel actually gave. */
    String describeMode()
    {
        return "xdp=" + program.mode() + " bind=" + socket.bindMode() + " umem="
            + (socket.hugePages() ? "hugepages" : "4k-pages");
    }

    /**
     * Detaches first so that no frame is redirected to a socket that is going away, then leaves the groups and
     * closes the socket; unmaps the rings and UMEM only if {@code unmap} (not while a poll may still run).
     */
    void close(final boolean unmap)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (napiDeferral != null)
        {
            napiDeferral.restore();
        }
        if (program != null)
        {
            program.close();
        }
        if (membership != null)
        {
            membership.close();
        }
        if (socket != null)
        {
            socket.close(unmap);
        }
    }

    /** The interface's NAPI deferral for busy polling; where this process cannot set it, a note and no deferral. */
    private static NapiDeferral deferNapi(final String interfaceName)
    {
        try
        {
            return NapiDeferral.apply(SYS_CLASS_NET, interfaceName);
        }
        catch (final IOException ex)
        {
            System.getLogger(XdpInterface.class.getPackageName()).log(System.Logger.Level.WARNING,
                "af-xdp: cannot set napi_defer_hard_irqs/gro_flush_timeout on " + interfaceName + " (" + ex + "); "
                    + "busy polling runs without the deferral; fix: run as root in the interface's namespace");
            return null;
        }
    }

    private static List<Channel> groupsOn(final List<Flow> flows, final String interfaceName)
    {
        final List<Channel> groups = new ArrayList<>();
        for (final Flow flow : flows)
        {
            if (flow.interfaceName().equals(interfaceName))
            {
                groups.add(flow.address());
            }
        }
        return groups;
    }

    private static int firstPortOn(final List<Flow> flows, final String interfaceName)
    {
        for (final Flow flow : flows)
        {
            if (flow.interfaceName().equals(interfaceName))
            {
                return flow.address().port();
            }
        }
        throw new IllegalArgumentException("no flow on " + interfaceName);
    }

    private static int interfaceAddressOf(final List<Flow> flows, final String interfaceName)
    {
        for (final Flow flow : flows)
        {
            if (flow.interfaceName().equals(interfaceName))
            {
                return flow.interfaceAddress();
            }
        }
        throw new IllegalArgumentException("no flow on " + interfaceName);
    }

    private static XskSocket openSocket(
        final int ifindex, final Settings settings, final String interfaceName, final AfXdpCounters counters)
        throws RxUnavailableException
    {
        final int queue = settings.queue();
        try
        {
            // A socket closed just before still holds the queue until the kernel's deferred release runs.
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return XskSocket.open(ifindex, queue, settings.frames(), settings.frameSize(),
                        settings.hugePages(), settings.bindMode(), settings.busyPoll(), counters);
                }
                catch (final NativeException ex)
                {
                    if (ex.errno() != EBUSY || attempt == BIND_ATTEMPTS)
                    {
                        throw ex;
                    }
                    sleepBeforeRetry();
                }
            }
        }
        catch (final NativeException ex)
        {
            if (ex.errno() == EBUSY)
            {
                throw new RxUnavailableException("queue " + queue + " of " + interfaceName
                    + " already has an AF_XDP socket; fix: stop the other receiver on it", ex);
            }
            if (ex.errno() == XskSocket.EAFNOSUPPORT)
            {
                throw new RxUnavailableException(
                    "kernel without AF_XDP sockets; fix: use a kernel built with CONFIG_XDP_SOCKETS=y", ex);
            }
            if (settings.bindMode() == XskSocket.BindMode.ZEROCOPY && ex.getMessage().startsWith("bind"))
            {
                throw new RxUnavailableException("the driver of " + interfaceName + " refused zero-copy ("
                    + ex.getMessage() + "); fix: xdp.bind=auto or xdp.bind=copy", ex);
            }
            throw new RxUnavailableException("AF_XDP socket on " + interfaceName + " queue " + queue + ": "
                + ex.getMessage() + "; fix: check the queue exists (ethtool -l " + interfaceName + ")", ex);
        }
    }

    private static void sleepBeforeRetry()
    {
        try
        {
            Thread.sleep(50);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening af-xdp", ex);
        }
    }
}
