package io.wirebook.rx;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathOptionTest
{
    private static final PathOption<Boolean> FLAG = PathOption.flag("t.flag", true, "a flag");
    private static final PathOption<Integer> COUNT = PathOption.integer("t.count", 32, 1, 1024, "a count");
    private static final PathOption<Integer> RING = PathOption.powerOfTwo("t.ring", 256, 64, 4096, "a ring");
    private static final PathOption<Integer> SIZE = PathOption.oneOf("t.size", 4096, "a size", 2048, 4096);
    private static final PathOption<String> MODE = PathOption.choice("t.mode", "native", "a mode", "native", "skb");
    private static final PathOption<String> TEXT = PathOption.text("t.text", "PATH", "the built one", "a path");

    @Test
    void absentIsTheDefault()
    {
        assertThat(FLAG.from(Map.of())).isTrue();
        assertThat(COUNT.from(Map.of())).isEqualTo(32);
        assertThat(RING.from(Map.of())).isEqualTo(256);
        assertThat(SIZE.from(Map.of())).isEqualTo(4096);
        assertThat(MODE.from(Map.of())).isEqualTo("native");
        assertThat(TEXT.from(Map.of())).isEmpty();
    }

    @Test
    void aGoodValueIsParsedTrimmedAndInAnyCase()
    {
        assertThat(FLAG.parse(" FALSE ")).isFalse();
        assertThat(COUNT.parse("1024")).isEqualTo(1024);
        assertThat(RING.parse("64")).isEqualTo(64);
        assertThat(SIZE.parse("2048")).isEqualTo(2048);
        assertThat(MODE.parse("SKB")).isEqualTo("skb");
        assertThat(TEXT.from(Map.of("t.text", " /tmp/x.o "))).isEqualTo("/tmp/x.o");
    }

    @Test
    void aBadValueIsOneLineNamingKeyValueAndTheValidValues()
    {
        assertThatThrownBy(() -> FLAG.parse("yes")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("bad value t.flag=yes; valid: true|false");
        assertThatThrownBy(() -> COUNT.parse("0")).hasMessage("bad value t.count=0; valid: 1..1024");
        assertThatThrownBy(() -> COUNT.parse("2k")).hasMessage("bad value t.count=2k; valid: 1..1024");
        assertThatThrownBy(() -> RING.parse("100")).hasMessage("bad value t.ring=100; valid: a power of two 64..4096");
        assertThatThrownBy(() -> RING.parse("8192")).hasMessageContaining("a power of two 64..4096");
        assertThatThrownBy(() -> SIZE.parse("3000")).hasMessage("bad value t.size=3000; valid: 2048|4096");
        assertThatThrownBy(() -> MODE.from(Map.of("t.mode", "offload")))
            .hasMessage("bad value t.mode=offload; valid: native|skb");
    }

    @Test
    void describesItselfForHelpAndErrors()
    {
        assertThat(MODE.describe()).isEqualTo("t.mode (native|skb)");
        assertThat(TEXT.values()).isEqualTo("PATH");
        assertThat(TEXT.defaultText()).isEqualTo("the built one");
        assertThat(COUNT.defaultText()).isEqualTo("32");
        assertThat(COUNT.help()).isEqualTo("a count");
    }
}
