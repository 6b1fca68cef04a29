package io.wirebook.rx;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * The Internet checksum (RFC 1071) over IPv4 headers and UDP datagrams, as the raw-frame paths check it on receive
 * ({@link FrameFilter}) and write it on transmit ({@link io.wirebook.tx.UdpFrameBuilder}). Sums are 16-bit
 * values in network order, not yet complemented; {@link #fold} carries a wide sum down to 16 bits.
 */
public final class Checksums
{
    /** A ones' complement sum over data that includes its correct checksum folds to all ones. */
    public static final int CHECKSUM_OK = 0xFFFF;
    /** RFC 768: a transmitted UDP checksum of zero means the sender computed none. */
    public static final int UDP_NO_CHECKSUM = 0;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final int IPPROTO_UDP = 17;

    private Checksums()
    {
    }

    /**
     * The ones' complement sum (RFC 1071) of {@code length} bytes, folded to 16 bits, in network order. It sums
     * 64 bits at a time in the machine's own order as two 32-bit halves (2^16 is 1 modulo 0xFFFF, so wider words
     * fold to the sum of their 16-bit words) and swaps the bytes of the result once: the ones' complement sum of
     * byte-swapped words is the byte-swapped sum. A last odd byte is the high byte of a word padded with zero.
     */
    public static int sum(final DirectBuffer buffer, final int from, final int length)
    {
        long sum = 0;
        final int end = from + length;
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES)
        {
            final long word = buffer.getLong(i, NATIVE);
            sum += (word >>> 32) + (word & 0xFFFF_FFFFL);
        }
        if (i + Integer.BYTES <= end)
        {
            sum += buffer.getInt(i, NATIVE) & 0xFFFF_FFFFL;
            i += Integer.BYTES;
        }
        if (i + Short.BYTES <= end)
        {
            sum += buffer.getShort(i, NATIVE) & 0xFFFF;
            i += Short.BYTES;
        }
        if (i < end)
        {
            final int last = buffer.getByte(i) & 0xFF;
            sum += NATIVE == BE ? last << 8 : last;
        }
        final int folded = fold(sum);
        return NATIVE == BE ? folded : ((folded & 0xFF) << 8) | (folded >>> 8);
    }

    /** The sum of the UDP pseudo-header (RFC 768): addresses in host order, protocol and UDP length; unfolded. */
    public static long pseudoHeaderSum(final int source, final int destination, final int udpLength)
    {
        return (source & 0xFFFF_FFFFL) + (destination & 0xFFFF_FFFFL) + IPPROTO_UDP + udpLength;
    }

    /** Carries a sum of 16-bit words down to 16 bits. */
    public static int fold(final long sum)
    {
        long folded = sum;
        while ((folded >>> 16) != 0)
        {
            folded = (folded & 0xFFFF) + (folded >>> 16);
        }
        return (int)folded;
    }

    /**
     * The checksum to write into an IPv4 header of {@code headerLength} bytes at {@code ip} whose checksum field
     * holds zero.
     */
    public static int ipv4HeaderChecksum(final DirectBuffer buffer, final int ip, final int headerLength)
    {
        return ~sum(buffer, ip, headerLength) & 0xFFFF;
    }

    /**
     * The checksum to write into a UDP header at {@code udp} whose checksum field holds zero, over its
     * {@code udpLength} bytes of header and payload and the pseudo-header. A computed zero goes on the wire as
     * 0xFFFF, since zero means "none computed" (RFC 768).
     */
    public static int udpChecksum(
        final DirectBuffer buffer, final int udp, final int udpLength, final int source, final int destination)
    {
        final int checksum = ~fold(sum(buffer, udp, udpLength) + pseudoHeaderSum(source, destination, udpLength))
            & 0xFFFF;
        return checksum == UDP_NO_CHECKSUM ? 0xFFFF : checksum;
    }
}
