package io.wirebook.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * struct sockaddr_in, as recvmsg leaves it in msg_name: {@code sa_family_t sin_family; in_port_t sin_port;
 * struct in_addr sin_addr; unsigned char sin_zero[8];}, port and address in network byte order. Read in place:
 * two reads, nothing allocated.
 */
public final class SockaddrIn
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("sin_family"),
        JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin_port"),
        JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin_addr"),
        MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));
    public static final int SIZE = (int)LAYOUT.byteSize();
    public static final int SIN_FAMILY = (int)LAYOUT.byteOffset(groupElement("sin_family"));
    public static final int SIN_PORT = (int)LAYOUT.byteOffset(groupElement("sin_port"));
    public static final int SIN_ADDR = (int)LAYOUT.byteOffset(groupElement("sin_addr"));

    private SockaddrIn()
    {
    }

    /** sin_addr at {@code offset}, host order. */
    public static int address(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + SIN_ADDR, ByteOrder.BIG_ENDIAN);
    }

    /** sin_port at {@code offset}, 0 to 65535. */
    public static int port(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + SIN_PORT, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }
}
