package io.wirebook.rx.xdp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.wirebook.capture.PacketCapture;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.sys.Privileges;
import io.wirebook.tx.RawFrameTransmitter;
import io.wirebook.tx.TxPath;
import io.wirebook.util.ExitHook;

/**
 * The af-xdp receive path: our XDP program (wirebook_xdp.c) redirects the feed's flows to an AF_XDP socket whose
 * rings Java drives directly, and stamps each frame's arrival at the XDP hook. Frames for the feed's destinations
 * from another source are dropped at the hook. Everything else goes to the kernel.
 *
 * <p>When the flows arrive on two interfaces (line A and line B), each interface gets its own attachment, socket
 * and UMEM ({@link XdpInterface}), with a {@link io.wirebook.rx.FrameFilter} of its own flows, and poll takes one
 * batch from each.
 *
 * <pre>
 * open:  per interface: libbpf load wirebook_xdp.o → its flows into wb_flows → XSK socket (UMEM, fill/RX rings,
 *        bind) → wb_xsks[queue] → attach (native, else skb) → join its groups (IGMP)
 * poll:  per interface: RX ring → descriptor check → FrameFilter → handler → frame back to the fill ring (or,
 *        turned around for a reply, onto the TX ring)
 * flush: per interface: publish the TX ring → sendto if the kernel asks (XDP_RING_NEED_WAKEUP) → completion ring
 *        → frames back to the TX free list or the fill ring
 * close: per interface: detach (close the BPF link) → close the socket → unmap
 * </pre>
 *
 * <p>Options: {@link AfXdpOptions}, checked before anything is opened.
 *
 * <p>Counters: see {@link AfXdpCounters}, made at open in {@link RxConfig#counters()}; what the kernel keeps is
 * read by {@link #refreshCounters()} and once more as the path closes.
 *
 * <p>open() acts in the network namespace of the calling thread: the interface, the attachment and the socket
 * all belong to it. close() may run on any thread once the poll loop has stopped: it unmaps the rings.
 */
public final class AfXdpRxPath implements RxPath
{
    public static final String NAME = "af-xdp";
    static final String INSTALL_LIBS = "apt-get install libbpf1 libxdp1 (scripts/setup.sh)";

    private final AtomicBoolean closed = new AtomicBoolean();
    /** From a successful open until close(): the one field poll checks first (closed is for the exit hook). */
    private boolean isOpen;
    private XdpInterface[] interfaces = new XdpInterface[0];
    private PacketCapture capture;
    private ExitHook exitHook;
    private AfXdpCounters counters;
    private RawFrameTransmitter transmitter;

    public AfXdpRxPath()
    {
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void open(final RxConfig config) throws RxUnavailableException
    {
        if (interfaces.length != 0)
        {
            throw new IllegalStateException("af-xdp path already open");
        }
        final XdpInterface.Settings settings = AfXdpOptions.settings(config);

        requirePrivileges();
        final LibBpf bpf = bindLibBpf();
        final Path objectFile = XdpProgram.locate(AfXdpOptions.OBJECT.from(config));
        closed.set(false);
        final AfXdpCounters made = new AfXdpCounters(config.counters());
        final List<XdpInterface> opened = new ArrayList<>();
        try
        {
            for (final String interfaceName : config.interfaces())
            {
                opened.add(XdpInterface.open(bpf, objectFile, config.flows(), interfaceName, settings, made));
            }
        }
        catch (final RxUnavailableException ex)
        {
            for (final XdpInterface done : opened)
            {
                done.close(true);
            }
            throw ex;
        }
        interfaces = opened.toArray(new XdpInterface[0]);
        counters = made;
        counters.recordSetup(interfaces);
        transmitter = new RawFrameTransmitter(NAME, interfaces, config.counters());
        capture = config.capture();
        isOpen = true;
        exitHook = ExitHook.register("wirebook-af-xdp-exit", () -> closeOnce(false));
    }

    /** One batch from each interface's socket: the sum of their work. */
    @Override
    public int poll(final DatagramHandler handler)
    {
        if (!isOpen)
        {
            throw new IllegalStateException(closed.get() ? NAME + " is closed" : NAME + " is not open");
        }
        final XdpInterface[] interfaces = this.interfaces;
        int work = 0;
        for (int i = 0; i < interfaces.length; i++)
        {
            transmitter.polling(i);
            work += interfaces[i].poll(handler, capture);
        }
        return work;
    }

    /**
     * A {@link RawFrameTransmitter} over each interface's TX and completion rings, on the UMEM it receives into: a
     * reply goes back in the frame it came in, a send in a frame held back for TX ({@link XskSocket}).
     */
    @Override
    public TxPath transmitter()
    {
        if (!isOpen)
        {
            throw new UnsupportedOperationException(NAME + " cannot transmit: " + NAME
                + (closed.get() ? " is closed" : " is not open"));
        }
        return transmitter;
    }

    /** True until frames have come and none of them carried the XDP program's metadata stamp. */
    @Override
    public boolean hasArrivalStamp()
    {
        if (counters == null)
        {
            return false;
        }
        return counters.stamped.get() != 0 || counters.unstamped.get() == 0;
    }

    /**
     * The modes actually used, e.g. {@code "xdp=native bind=copy umem=hugepages"}; with two interfaces in different
     * modes each is named ({@code "wbh-a xdp=... , wbh-b xdp=..."}). Still answers after close.
     */
    public String describeMode()
    {
        if (interfaces.length == 0)
        {
            return "not open";
        }
        final String first = interfaces[0].describeMode();
        boolean same = true;
        final StringBuilder each = new StringBuilder();
        for (final XdpInterface line : interfaces)
        {
            same &= line.describeMode().equals(first);
            each.append(each.isEmpty() ? "" : ", ").append(line.interfaceName()).append(' ')
                .append(line.describeMode());
        }
        return same ? first : each.toString();
    }

    /**
     * Reads what the kernel keeps (the sockets' XDP_STATISTICS, the programs' wb_counters) into the counters, summed
     * over the interfaces; after close it does nothing, close having read them last.
     */
    @Override
    public void refreshCounters()
    {
        if (isOpen)
        {
            counters.refresh(interfaces);
        }
    }

    @Override
    public void close()
    {
        isOpen = false;
        if (exitHook != null)
        {
            exitHook.close();
        }
        closeOnce(true);
    }

    /** The JVM-exit variant leaves the mappings alone: a poll thread may still be reading them. */
    private void closeOnce(final boolean unmap)
    {
        if (closed.compareAndSet(false, true))
        {
            if (unmap && interfaces.length != 0)
            {
                // The kernel's last counts, before the sockets and maps they live in go.
                counters.refresh(interfaces);
            }
            for (final XdpInterface line : interfaces)
            {
                line.close(unmap);
            }
        }
    }

    private static LibBpf bindLibBpf() throws RxUnavailableException
    {
        try
        {
            return LibBpf.load();
        }
        catch (final IllegalArgumentException | UnsatisfiedLinkError | NoSuchElementException ex)
        {
            throw new RxUnavailableException(LibBpf.LIBRARY + " not found or too old (" + ex.getMessage()
                + "); fix: " + INSTALL_LIBS, ex);
        }
    }

    /** Why this process may not load XDP programs and open AF_XDP sockets, with the fix; null when it may. */
    public static String privilegesMissing()
    {
        final long capabilities = Privileges.effectiveCapabilities();
        if (Privileges.hasAll(capabilities, Privileges.CAP_NET_ADMIN, Privileges.CAP_NET_RAW)
            && Privileges.canBpf(capabilities))
        {
            return null;
        }
        return "af-xdp needs root or CAP_NET_ADMIN, CAP_NET_RAW and CAP_BPF; fix: run as root (sudo) or setcap"
            + " cap_net_admin,cap_net_raw,cap_bpf+ep on the java binary";
    }

    private static void requirePrivileges() throws RxUnavailableException
    {
        final String missing = privilegesMissing();
        if (missing != null)
        {
            throw new RxUnavailableException(missing);
        }
    }
}
