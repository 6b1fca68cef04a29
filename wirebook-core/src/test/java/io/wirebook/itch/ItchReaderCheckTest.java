package io.wirebook.itch;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ItchReaderCheckTest
{
    private static final byte[] KNOWN_TYPES =
        {'S', 'R', 'H', 'Y', 'L', 'V', 'W', 'K', 'J', 'h', 'A', 'F', 'E', 'C', 'X', 'D',
         'U', 'P', 'Q', 'B', 'I', 'N', 'O'};

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private final ItchReader reader = new ItchReader();
    private final CapturingListener listener = new CapturingListener();

    @Test
    void everyKnownTypeHasItsSpecificationLength()
    {
        final int[] lengths = {12, 39, 25, 20, 26, 35, 12, 28, 35, 21,
            36, 40, 31, 36, 23, 19, 35, 44, 40, 19, 50, 20, 48};
        for (int i = 0; i < KNOWN_TYPES.length; i++)
        {
            assertThat(ItchMessages.lengthOf(KNOWN_TYPES[i])).as("type %c", (char)KNOWN_TYPES[i]).isEqualTo(lengths[i]);
        }
    }

    @Test
    void rejectsEveryByteThatIsNotAMessageType()
    {
        int unknown = 0;
        for (int b = 0; b < 256; b++)
        {
            final byte type = (byte)b;
            if (isKnown(type))
            {
                continue;
            }
            unknown++;
            buffer.putByte(0, type);
            assertThat(ItchMessages.lengthOf(type)).isZero();
            for (final int length : new int[] {1, 19, 36, 100})
            {
                assertThat(ItchReader.check(buffer, 0, length)).as("type 0x%02x", b).isEqualTo(ItchReader.UNKNOWN_TYPE);
                assertThat(reader.read(buffer, 0, length, listener)).isEqualTo(ItchReader.UNKNOWN_TYPE);
            }
        }
        assertThat(unknown).isEqualTo(256 - KNOWN_TYPES.length);
        assertThat(listener.calls).isZero();
    }

    @Test
    void rejectsEveryWrongLengthForAKnownType()
    {
        for (final byte type : KNOWN_TYPES)
        {
            buffer.putByte(0, type);
            final int right = ItchMessages.lengthOf(type);
            for (final int length : new int[] {1, right - 1, right + 1, 127})
            {
                assertThat(ItchReader.check(buffer, 0, length)).as("type %c length %d", (char)type, length)
                    .isEqualTo(ItchReader.BAD_LENGTH);
                assertThat(reader.read(buffer, 0, length, listener)).isEqualTo(ItchReader.BAD_LENGTH);
            }
            assertThat(ItchReader.check(buffer, 0, right)).isEqualTo(ItchReader.OK);
        }
        assertThat(listener.calls).isZero();
    }

    @Test
    void rejectsEmptyAndNegativeLengthsWithoutReading()
    {
        final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);
        assertThat(ItchReader.check(empty, 0, 0)).isEqualTo(ItchReader.BAD_LENGTH);
        assertThat(ItchReader.check(empty, 0, -1)).isEqualTo(ItchReader.BAD_LENGTH);
        assertThat(reader.read(empty, 0, 0, listener)).isEqualTo(ItchReader.BAD_LENGTH);
        assertThat(listener.calls).isZero();
    }

    private static boolean isKnown(final byte type)
    {
        for (final byte known : KNOWN_TYPES)
        {
            if (known == type)
            {
                return true;
            }
        }
        return false;
    }
}
