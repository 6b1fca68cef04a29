package io.wirebook.rx.socket;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The 64-bit Linux layouts a receive call is handed (sys/socket.h, bits/uio.h): struct msghdr, struct mmsghdr
 * (a msghdr and the length recvmmsg wrote back) and struct iovec, with each field's offset named once. Pointers and
 * size_t are 64-bit, so the two ints sit each before 4 bytes of padding.
 */
public final class MsgHdr
{
    /** struct msghdr. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_LONG.withName("msg_name"),
        JAVA_INT.withName("msg_namelen"),
        MemoryLayout.paddingLayout(4),
        JAVA_LONG.withName("msg_iov"),
        JAVA_LONG.withName("msg_iovlen"),
        JAVA_LONG.withName("msg_control"),
        JAVA_LONG.withName("msg_controllen"),
        JAVA_INT.withName("msg_flags"),
        MemoryLayout.paddingLayout(4));
    /** struct mmsghdr. */
    public static final StructLayout MMSGHDR = MemoryLayout.structLayout(
        LAYOUT.withName("msg_hdr"),
        JAVA_INT.withName("msg_len"),
        MemoryLayout.paddingLayout(4));
    /** struct iovec. */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
        JAVA_LONG.withName("iov_base"),
        JAVA_LONG.withName("iov_len"));

    public static final int SIZE = (int)LAYOUT.byteSize();
    public static final int MMSGHDR_SIZE = (int)MMSGHDR.byteSize();
    public static final int IOVEC_SIZE = (int)IOVEC.byteSize();

    public static final int NAME = offset("msg_name");
    public static final int NAMELEN = offset("msg_namelen");
    public static final int IOV = offset("msg_iov");
    public static final int IOVLEN = offset("msg_iovlen");
    public static final int CONTROL = offset("msg_control");
    public static final int CONTROLLEN = offset("msg_controllen");
    public static final int FLAGS = offset("msg_flags");
    /** In a struct mmsghdr: the datagram's length. */
    public static final int MSG_LEN = (int)MMSGHDR.byteOffset(groupElement("msg_len"));
    public static final int IOV_BASE = (int)IOVEC.byteOffset(groupElement("iov_base"));
    public static final int IOV_LEN = (int)IOVEC.byteOffset(groupElement("iov_len"));

    private MsgHdr()
    {
    }

    private static int offset(final String field)
    {
        return (int)LAYOUT.byteOffset(groupElement(field));
    }
}
