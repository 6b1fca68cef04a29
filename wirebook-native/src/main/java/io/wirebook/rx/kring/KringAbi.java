package io.wirebook.rx.kring;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The ABI of the wbring character device, as {@code wirebook-native/src/main/c/wbring/wbring.h} declares it: the
 * ioctl requests and their arguments, and the layout of the area {@code mmap} maps (a header page with the geometry,
 * the producer and consumer indexes on cache lines of their own and the kernel's counters, then the slots).
 */
final class KringAbi
{
    static final int MAGIC = 0x57425247;
    static final int VERSION = 1;
    static final int CACHE_LINE = 64;
    static final int HEADER_SIZE = 4096;
    static final int MAX_FLOWS = 16;
    static final int IFNAMSIZ = 16;
    static final int MIN_SLOTS = 2;
    static final int MAX_SLOTS = 65536;
    static final int MIN_SLOT_SIZE = 256;
    static final int MAX_SLOT_SIZE = 16384;

    /** struct wbring_geometry, at offset 0 of the mapping. */
    static final StructLayout GEOMETRY = MemoryLayout.structLayout(JAVA_INT.withName("magic"),
        JAVA_INT.withName("version"), JAVA_INT.withName("slot_count"), JAVA_INT.withName("slot_size"),
        JAVA_LONG.withName("slots_offset"), JAVA_LONG.withName("map_size"));
    /** struct wbring_counters, at {@link #COUNTERS}: u64s the kernel writes. */
    static final StructLayout COUNTERS_LAYOUT = MemoryLayout.structLayout(JAVA_LONG.withName("received"),
        JAVA_LONG.withName("overflow"), JAVA_LONG.withName("too_large"), JAVA_LONG.withName("wrong_source"),
        JAVA_LONG.withName("copy_failed"), JAVA_LONG.withName("detached"));
    /** The header page: each part on a cache line of its own, so the two indexes never share one. */
    static final StructLayout HEADER = MemoryLayout.structLayout(
        GEOMETRY.withName("geometry"), MemoryLayout.paddingLayout(CACHE_LINE - GEOMETRY.byteSize()),
        JAVA_INT.withName("producer"), MemoryLayout.paddingLayout(CACHE_LINE - JAVA_INT.byteSize()),
        JAVA_INT.withName("consumer"), MemoryLayout.paddingLayout(CACHE_LINE - JAVA_INT.byteSize()),
        COUNTERS_LAYOUT.withName("counters"),
        MemoryLayout.paddingLayout(HEADER_SIZE - 3L * CACHE_LINE - COUNTERS_LAYOUT.byteSize()));
    /** struct wbring_slot: the head of a slot, the frame after it. */
    static final StructLayout SLOT = MemoryLayout.structLayout(JAVA_INT.withName("length"),
        JAVA_INT.withName("flags"), JAVA_LONG.withName("stamp_ns"));
    /** struct wbring_setup: WBRING_IOC_SETUP's argument. */
    static final StructLayout SETUP = MemoryLayout.structLayout(JAVA_INT.withName("slot_count"),
        JAVA_INT.withName("slot_size"));
    /** struct wbring_flow: WBRING_IOC_ADD_FLOW's argument; addresses and ports in network order. */
    static final StructLayout FLOW = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(IFNAMSIZ, JAVA_BYTE).withName("ifname"), JAVA_INT.withName("ifindex"),
        JAVA_INT.withName("group"), JAVA_INT.withName("source"), JAVA_SHORT.withName("port"),
        JAVA_SHORT.withName("source_port"), JAVA_INT.withName("flags"));

    static final long GEOMETRY_MAGIC = offset(GEOMETRY, "magic");
    static final long GEOMETRY_VERSION = offset(GEOMETRY, "version");
    static final long GEOMETRY_SLOT_COUNT = offset(GEOMETRY, "slot_count");
    static final long GEOMETRY_SLOT_SIZE = offset(GEOMETRY, "slot_size");
    static final long GEOMETRY_SLOTS_OFFSET = offset(GEOMETRY, "slots_offset");
    static final long GEOMETRY_MAP_SIZE = offset(GEOMETRY, "map_size");

    static final long PRODUCER = HEADER.byteOffset(groupElement("producer"));
    static final long CONSUMER = HEADER.byteOffset(groupElement("consumer"));
    static final long COUNTERS = HEADER.byteOffset(groupElement("counters"));
    static final long COUNTER_RECEIVED = COUNTERS + offset(COUNTERS_LAYOUT, "received");
    static final long COUNTER_OVERFLOW = COUNTERS + offset(COUNTERS_LAYOUT, "overflow");
    static final long COUNTER_TOO_LARGE = COUNTERS + offset(COUNTERS_LAYOUT, "too_large");
    static final long COUNTER_WRONG_SOURCE = COUNTERS + offset(COUNTERS_LAYOUT, "wrong_source");
    static final long COUNTER_COPY_FAILED = COUNTERS + offset(COUNTERS_LAYOUT, "copy_failed");
    static final long COUNTER_DETACHED = COUNTERS + offset(COUNTERS_LAYOUT, "detached");

    static final long SLOT_LENGTH = offset(SLOT, "length");
    static final long SLOT_STAMP = offset(SLOT, "stamp_ns");
    static final int SLOT_HEADER = (int)SLOT.byteSize();

    static final long SETUP_SLOT_COUNT = offset(SETUP, "slot_count");
    static final long SETUP_SLOT_SIZE = offset(SETUP, "slot_size");

    static final long FLOW_IFNAME = offset(FLOW, "ifname");
    static final long FLOW_GROUP = offset(FLOW, "group");
    static final long FLOW_SOURCE = offset(FLOW, "source");
    static final long FLOW_PORT = offset(FLOW, "port");
    static final long FLOW_SOURCE_PORT = offset(FLOW, "source_port");

    /** The ring indexes: u32s read with acquire and written with release. */
    static final VarHandle INDEX = JAVA_INT.varHandle();

    private static final int IOC_WRITE = 1;
    private static final int IOC_READ = 2;
    private static final int IOC_TYPE = 'W';

    static final long IOC_SETUP = ioc(IOC_WRITE, 1, SETUP.byteSize());
    static final long IOC_ADD_FLOW = ioc(IOC_WRITE, 2, FLOW.byteSize());
    static final long IOC_GET_GEOMETRY = ioc(IOC_READ, 3, GEOMETRY.byteSize());

    private KringAbi()
    {
    }

    /** Linux's _IOC(dir, type, nr, size) of asm-generic/ioctl.h. */
    static long ioc(final int direction, final int number, final long size)
    {
        return ((long)direction << 30) | (size << 16) | ((long)IOC_TYPE << 8) | number;
    }

    private static long offset(final StructLayout layout, final String field)
    {
        return layout.byteOffset(groupElement(field));
    }
}
