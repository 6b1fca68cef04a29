package io.wirebook.rx.kring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.wirebook.capture.PacketCapture;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.Flow;
import io.wirebook.rx.FrameFilter;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.socket.GroupMembership;
import io.wirebook.rx.socket.SocketCalls;
import io.wirebook.sys.Interfaces;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * What kring holds on one interface: an open file of the wbring device (one ring), its flows on that interface
 * given to the kernel by ioctl, the ring mapped, the {@link FrameFilter} of those flows, and the kernel's
 * membership of their groups (so that a switch or bridge that snoops IGMP forwards them).
 *
 * <pre>
 * open:  open(/dev/wbring) → WBRING_IOC_SETUP (slots, slot size) → WBRING_IOC_ADD_FLOW per flow →
 *        WBRING_IOC_GET_GEOMETRY → mmap → check the mapped geometry → join the groups
 * poll:  ring → FrameFilter → handler; on an empty ring with kring.wait=poll, poll(2) until the rx handler wakes
 * close: leave the groups → unmap → close (the kernel unhooks the interface when the last reference goes)
 * </pre>
 */
final class KringDevice
{
    static final String MODULE_FIX = "build and load wirebook's wbring module for the running kernel: "
        + "cp -r wirebook-native/src/main/c/wbring /tmp/wbring && make -C /lib/modules/$(uname -r)/build "
        + "M=/tmp/wbring modules && insmod /tmp/wbring/wbring.ko (a kernel that loads modules; here: the guest, "
        + "wirebook vm)";

    private static final int EPERM = 1;
    private static final int EBUSY = 16;
    private static final int ENODEV = 19;
    private static final int EINVAL = 22;
    private static final int ENOTTY = 25;
    private static final int EXDEV = 18;
    private static final int POLL_TIMEOUT_MS = 100;
    private static final ValueLayout.OfInt NETWORK_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort NETWORK_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    private final String interfaceName;
    private final FrameFilter filter;
    private final KringCounters counters;
    private final boolean sleeps;
    /** A struct pollfd made once, so that an empty poll that sleeps allocates nothing. */
    private final MemorySegment pollFd;
    private int fd = -1;
    private MemorySegment area;
    private KringRing ring;
    private GroupMembership membership;
    private boolean closed;

    private KringDevice(final String interfaceName, final FrameFilter filter, final KringCounters counters,
        final boolean sleeps)
    {
        this.interfaceName = interfaceName;
        this.filter = filter;
        this.counters = counters;
        this.sleeps = sleeps;
        this.pollFd = Arena.ofAuto().allocate(SocketCalls.POLLFD);
    }

    /**
     * Opens a ring on {@code interfaceName} for the flows that arrive there, in the calling thread's network
     * namespace. On failure everything made so far is released before it throws.
     */
    static KringDevice open(final String device, final List<Flow> flows, final String interfaceName,
        final int slots, final int slotSize, final boolean sleeps, final KringCounters counters)
        throws RxUnavailableException
    {
        final int ifindex = Interfaces.index(interfaceName);
        final KringDevice opened =
            new KringDevice(interfaceName, new FrameFilter(flows, interfaceName, counters.filter), counters, sleeps);
        try
        {
            opened.fd = openDevice(device);
            opened.setup(device, slots, slotSize);
            for (final Flow flow : flows)
            {
                if (flow.interfaceName().equals(interfaceName))
                {
                    opened.addFlow(flow, interfaceName);
                }
            }
            opened.map(slots, slotSize);
            opened.membership = GroupMembership.joinOn(flows, interfaceName, ifindex);
            opened.pollFd.set(JAVA_INT, SocketCalls.POLLFD_FD, opened.fd);
            opened.pollFd.set(JAVA_SHORT, SocketCalls.POLLFD_EVENTS, (short)SocketCalls.POLLIN);
            return opened;
        }
        catch (final RxUnavailableException ex)
        {
            opened.close();
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            opened.close();
            throw new RxUnavailableException("kring open failed on " + interfaceName + ": " + ex.getMessage()
                + "; fix: check the interface is up and the kernel log (dmesg)", ex);
        }
    }

    private static int openDevice(final String device) throws RxUnavailableException
    {
        try
        {
            return Libc.open(device, Libc.O_RDWR | Libc.O_CLOEXEC);
        }
        catch (final NativeException ex)
        {
            if (ex.errno() == Libc.ENOENT || ex.errno() == ENODEV)
            {
                throw new RxUnavailableException("no " + device + " (" + ex.getMessage() + "); fix: " + MODULE_FIX,
                    ex);
            }
            if (ex.errno() == Libc.EACCES || ex.errno() == EPERM)
            {
                throw new RxUnavailableException(ex.getMessage() + "; fix: run as root (the device is 0600)", ex);
            }
            throw new RxUnavailableException(ex.getMessage() + "; fix: check the kernel log (dmesg)", ex);
        }
    }

    private void setup(final String device, final int slots, final int slotSize) throws RxUnavailableException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment setup = arena.allocate(KringAbi.SETUP);
            setup.set(JAVA_INT, KringAbi.SETUP_SLOT_COUNT, slots);
            setup.set(JAVA_INT, KringAbi.SETUP_SLOT_SIZE, slotSize);
            Libc.ioctl(fd, "WBRING_IOC_SETUP", KringAbi.IOC_SETUP, setup);
        }
        catch (final NativeException ex)
        {
            if (ex.errno() == ENOTTY)
            {
                throw new RxUnavailableException(device + " is not the wbring device (" + ex.getMessage()
                    + "); fix: kring.device=" + KringOptions.DEFAULT_DEVICE + ", and " + MODULE_FIX, ex);
            }
            throw new RxUnavailableException(ex.getMessage() + "; fix: check the kernel log (dmesg)", ex);
        }
    }

    private void addFlow(final Flow flow, final String interfaceName) throws RxUnavailableException
    {
        final byte[] name = interfaceName.getBytes(StandardCharsets.US_ASCII);
        if (name.length >= KringAbi.IFNAMSIZ)
        {
            throw new RxUnavailableException("interface name " + interfaceName + " is longer than "
                + (KringAbi.IFNAMSIZ - 1) + " bytes; fix: name the interface the feed arrives on");
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment request = arena.allocate(KringAbi.FLOW);
            MemorySegment.copy(name, 0, request, ValueLayout.JAVA_BYTE, KringAbi.FLOW_IFNAME, name.length);
            request.set(NETWORK_INT, KringAbi.FLOW_GROUP, flow.address().group());
            request.set(NETWORK_INT, KringAbi.FLOW_SOURCE, flow.source());
            request.set(NETWORK_SHORT, KringAbi.FLOW_PORT, (short)flow.address().port());
            request.set(NETWORK_SHORT, KringAbi.FLOW_SOURCE_PORT, (short)flow.sourcePort());
            Libc.ioctl(fd, "WBRING_IOC_ADD_FLOW " + flow, KringAbi.IOC_ADD_FLOW, request);
        }
        catch (final NativeException ex)
        {
            throw new RxUnavailableException(ex.getMessage() + "; fix: " + addFlowFix(ex.errno(), interfaceName), ex);
        }
    }

    private static String addFlowFix(final int errno, final String interfaceName)
    {
        return switch (errno)
        {
            case EBUSY -> interfaceName + " already has an rx_handler (a bridge, bond or macvlan port, or another "
                + "wbring ring): take it out of the bridge, or close the other ring";
            case ENODEV -> "bring up " + interfaceName + " in this network namespace";
            case EXDEV -> "one ring takes flows of one interface";
            case EINVAL -> "a flow needs an IPv4 multicast group and a non-zero port";
            default -> "check the kernel log (dmesg)";
        };
    }

    private void map(final int slots, final int slotSize) throws RxUnavailableException
    {
        final long mapSize;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment geometry = arena.allocate(KringAbi.GEOMETRY);
            Libc.ioctl(fd, "WBRING_IOC_GET_GEOMETRY", KringAbi.IOC_GET_GEOMETRY, geometry);
            mapSize = geometry.get(ValueLayout.JAVA_LONG, KringAbi.GEOMETRY_MAP_SIZE);
            final String problem = KringRing.geometryProblem(geometry, mapSize, slots, slotSize);
            if (problem != null)
            {
                throw new RxUnavailableException("the wbring module's ring is not the one asked for (" + problem
                    + "); fix: " + MODULE_FIX);
            }
        }
        area = Libc.mmap(mapSize, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED | Libc.MAP_POPULATE, fd, 0);
        final String problem = KringRing.geometryProblem(area, area.byteSize(), slots, slotSize);
        if (problem != null)
        {
            throw new RxUnavailableException("the mapped wbring ring is not the one asked for (" + problem
                + "); fix: " + MODULE_FIX);
        }
        ring = new KringRing(area, counters);
    }

    /** One batch from the ring; on an empty ring with {@code kring.wait=poll}, sleeps in poll(2) first. */
    int poll(final DatagramHandler handler, final PacketCapture capture)
    {
        if (sleeps && !ring.hasFrames())
        {
            counters.pollSleeps.incrementRelease();
            SocketCalls.poll(pollFd.address(), 1, POLL_TIMEOUT_MS);
        }
        return ring.poll(filter, capture, handler);
    }

    KringRing ring()
    {
        return ring;
    }

    String interfaceName()
    {
        return interfaceName;
    }

    /** Leaves the groups, unmaps and closes; the kernel unhooks the interface once the file's last reference goes. */
    void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (membership != null)
        {
            membership.close();
        }
        if (area != null)
        {
            Libc.munmap(area);
        }
        Libc.close(fd);
    }
}
