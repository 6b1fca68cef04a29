package io.wirebook.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import io.wirebook.rx.RxUnavailableException;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** Network interfaces by name, in the calling thread's network namespace. */
public final class Interfaces
{
    /** The index that means any interface, where the kernel takes one (ip_mreqn, IP_MULTICAST_IF). */
    public static final int ANY = 0;

    /** SIOCGIFHWADDR (linux/sockios.h): an interface's hardware address into struct ifreq's ifr_hwaddr. */
    private static final long SIOCGIFHWADDR = 0x8927;
    /** struct ifreq { char ifr_name[IFNAMSIZ]; union { struct sockaddr ifr_hwaddr; ... }; }, 40 bytes on 64-bit. */
    private static final StructLayout IFREQ = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("ifr_name"),
        JAVA_SHORT.withName("sa_family"),
        MemoryLayout.sequenceLayout(14, JAVA_BYTE).withName("sa_data"),
        MemoryLayout.paddingLayout(8));
    private static final long IFR_NAME = IFREQ.byteOffset(groupElement("ifr_name"));
    private static final long SA_DATA = IFREQ.byteOffset(groupElement("sa_data"));
    private static final int IFNAMSIZ = 16;
    private static final int MAC_BYTES = 6;

    private Interfaces()
    {
    }

    /**
     * The index of {@code name}; {@link #ANY} for no name.
     *
     * @throws RxUnavailableException when there is no such interface, naming the fix.
     */
    public static int index(final String name) throws RxUnavailableException
    {
        if (name == null || name.isEmpty())
        {
            return ANY;
        }
        try
        {
            return Libc.ifNameToIndex(name);
        }
        catch (final NativeException ex)
        {
            throw new RxUnavailableException("no interface " + name + " in this thread's network namespace ("
                + ex.getMessage() + "); fix: name the interface the feed arrives on (see `ip -br link`), and open "
                + "the path on a thread inside that interface's namespace", ex);
        }
    }

    /**
     * The MAC of {@code name} (its first byte in bits 47..40), asked of the kernel with SIOCGIFHWADDR on a socket of
     * the calling thread's network namespace (sysfs would show the namespace it was mounted in).
     *
     * @throws RxUnavailableException when there is no such interface, naming the fix.
     */
    public static long hardwareAddress(final String name) throws RxUnavailableException
    {
        if (name.length() >= IFNAMSIZ)
        {
            throw new IllegalArgumentException("interface name longer than 15 characters: " + name);
        }
        final int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment request = arena.allocate(IFREQ);
            request.asSlice(IFR_NAME, IFNAMSIZ).copyFrom(arena.allocateFrom(name));
            Libc.ioctl(fd, "SIOCGIFHWADDR " + name, SIOCGIFHWADDR, request);
            long mac = 0;
            for (int i = 0; i < MAC_BYTES; i++)
            {
                mac = (mac << 8) | (request.get(JAVA_BYTE, SA_DATA + i) & 0xFF);
            }
            return mac;
        }
        catch (final NativeException ex)
        {
            throw new RxUnavailableException("no MAC for interface " + name + " (" + ex.getMessage() + "); fix: "
                + "name an Ethernet interface of this thread's network namespace (ip -br link)", ex);
        }
        finally
        {
            Libc.close(fd);
        }
    }
}
