package io.wirebook.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * struct ip_mreq_source for IP_ADD_SOURCE_MEMBERSHIP, in Linux's order (linux/in.h, glibc's netinet/in.h):
 * {@code imr_multiaddr, imr_interface, imr_sourceaddr}, each an in_addr in network byte order. (BSDs put the
 * source second: a layout copied from there would join the wrong group.) The interface is named by its address,
 * there is no index.
 */
public final class IpMreqSource
{
    private static final ValueLayout.OfInt IN_ADDR = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        IN_ADDR.withName("imr_multiaddr"),
        IN_ADDR.withName("imr_interface"),
        IN_ADDR.withName("imr_sourceaddr"));
    public static final long IMR_MULTIADDR = LAYOUT.byteOffset(groupElement("imr_multiaddr"));
    public static final long IMR_INTERFACE = LAYOUT.byteOffset(groupElement("imr_interface"));
    public static final long IMR_SOURCEADDR = LAYOUT.byteOffset(groupElement("imr_sourceaddr"));

    private IpMreqSource()
    {
    }

    /** Addresses in host order. */
    public static MemorySegment allocate(
        final Arena arena, final int group, final int interfaceAddress, final int source)
    {
        final MemorySegment request = arena.allocate(LAYOUT);
        request.set(IN_ADDR, IMR_MULTIADDR, group);
        request.set(IN_ADDR, IMR_INTERFACE, interfaceAddress);
        request.set(IN_ADDR, IMR_SOURCEADDR, source);
        return request;
    }
}
