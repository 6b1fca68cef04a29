package io.wirebook.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Real x86-64 va_lists built by hand: with every register slot marked used (gp_offset 48, fp_offset 176), v*printf
 * takes each argument from the overflow area, 8 bytes apiece, as for a caller that passed more arguments than
 * registers.
 */
final class VaLists
{
    private static final int ALL_GP_REGISTERS_USED = 6 * 8;
    private static final int ALL_FP_REGISTERS_USED = ALL_GP_REGISTERS_USED + 8 * 16;
    private static final long GP_OFFSET = 0;
    private static final long FP_OFFSET = 4;
    private static final long OVERFLOW_ARG_AREA = 8;
    private static final long REG_SAVE_AREA = 16;

    private VaLists()
    {
    }

    /** A va_list (pointer to its __va_list_tag) of C strings (MemorySegment) and integers (Long). */
    static MemorySegment of(final Arena arena, final Object... arguments)
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
