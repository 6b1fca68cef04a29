package io.wirebook.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Formats through real va_lists, built by hand as {@link VaLists} does. */
class VaListFormatterTest
{
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

    private MemorySegment vaList(final Object... arguments)
    {
        return VaLists.of(arena, arguments);
    }
}
