package io.wirebook.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Formats through real va_lists. The x86-64 ABI lets one be built by hand: with every register slot marked used
 * (gp_offset 48, fp_offset 176) vsnprintf takes each argument from the overflow area, 8 bytes apiece, as for a
 * caller that passed more arguments than registers.
 */
class VaListFormatterTest
{
    private static final int ALL_GP_REGISTERS_USED = 6 * 8;
    private static final int ALL_FP_REGISTERS_USED = ALL_GP_REGISTERS_USED + 8 * 16;
    private static final long GP_OFFSET = 0;
    private static final long FP_OFFSET = 4;
    private static final long OVERFLOW_ARG_AREA = 8;
    private static final long REG_SAVE_AREA = 16;

    private final Arena arena = Arena.ofAuto();

    @BeforeEach
    void onX86()
    {
        assumeTrue(VaListFormatter.supported(), "the va_list layout is x86-64 System V's");
    }

    @Test
    void formatsStringsIntsAndLongs()
    {
        final MemorySegment vaList = vaList(arena.allocateFrom("wbh-a"), 3L, -1L << 40);

        assertThat(new VaListFormatter(256).format(arena.allocateFrom("%s: %d queues, %ld\n"), vaList))
            .isEqualTo("wbh-a: 3 queues, -1099511627776\n");
    }

    @Test
    void aMessageLongerThanTheBufferComesOutWhole()
    {
        final String long_ = "x".repeat(300);
        final MemorySegment vaList = vaList(arena.allocateFrom(long_), 42L);

        assertThat(new VaListFormatter(16).format(arena.allocateFrom("[%s] %d"), vaList))
            .isEqualTo("[" + long_ + "] 42");
    }

    @Test
    void theBufferIsReusedForTheNextMessage()
    {
        final VaListFormatter formatter = new VaListFormatter(64);
        formatter.format(arena.allocateFrom("%s"), vaList(arena.allocateFrom("a much longer first message")));

        assertThat(formatter.format(arena.allocateFrom("%s"), vaList(arena.allocateFrom("short"))))
            .isEqualTo("short");
    }

    /** A va_list (pointer to its __va_list_tag) whose arguments are all in the overflow area. */
    private MemorySegment vaList(final Object... arguments)
    {
        final MemorySegment overflow = arena.allocate(8L * Math.max(1, arguments.length), 16);
        for (int i = 0; i < arguments.length; i++)
        {
            if (arguments[i] instanceof MemorySegment pointer)
            {
                overflow.setAtIndex(ADDRESS, i, pointer);
            }
            else
            {
                overflow.setAtIndex(JAVA_LONG, i, (Long)arguments[i]);
            }
        }
        final MemorySegment tag = arena.allocate(VaListFormatter.VA_LIST_TAG_SIZE, 8);
        tag.set(JAVA_INT, GP_OFFSET, ALL_GP_REGISTERS_USED);
        tag.set(JAVA_INT, FP_OFFSET, ALL_FP_REGISTERS_USED);
        tag.set(ADDRESS, OVERFLOW_ARG_AREA, overflow);
        tag.set(ADDRESS, REG_SAVE_AREA, MemorySegment.NULL);
        return tag;
    }
}
