package io.wirebook.mold;

import org.agrona.DirectBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks an encoder wrote exactly its bytes: what it wrote, and the guard bytes on either side left alone. */
final class GuardedBytes
{
    private GuardedBytes()
    {
    }

    static void assertWritten(final DirectBuffer buffer, final int at, final byte[] expected, final byte guard)
    {
        final byte[] written = new byte[expected.length];
        buffer.getBytes(at, written);
        assertThat(written).isEqualTo(expected);
        assertThat(buffer.getByte(at - 1)).as("the byte before").isEqualTo(guard);
        assertThat(buffer.getByte(at + expected.length)).as("the byte after").isEqualTo(guard);
    }
}
