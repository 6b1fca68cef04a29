package io.wirebook.rx;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathOptionsTest
{
    private static final PathOption<String> MODE = PathOption.choice("xdp.mode", "native", "mode", "native", "skb");
    private static final PathOption<Boolean> HUGE = PathOption.flag("xdp.hugepages", true, "hugepages");
    private static final PathOptions XDP = new PathOptions("af-xdp", "xdp.", MODE, HUGE);

    @Test
    void anUnknownKeyOfItsPrefixIsOneLineNamingTheValidOnes()
    {
        assertThatThrownBy(() -> XDP.check(Map.of("xdp.mdoe", "skb"))).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("unknown option xdp.mdoe for af-xdp; valid: xdp.mode (native|skb), xdp.hugepages (true|false)");
    }

    @Test
    void aBadValueOfAKnownKeyFails()
    {
        assertThatThrownBy(() -> XDP.check(Map.of("xdp.mode", "offload")))
            .hasMessage("bad value xdp.mode=offload; valid: native|skb");
    }

    @Test
    void keysOfOtherPathsAndOfTheHandlerAreLeftAlone()
    {
        assertThatCode(() -> XDP.check(Map.of("xdp.mode", "skb", "dpdk.mbufs", "x", "recovery.line-wait-us", "100",
            "counters.dir", "/tmp", "socket.ssm", "true"))).doesNotThrowAnyException();
        assertThat(XDP.owns("xdp.anything")).isTrue();
        assertThat(XDP.owns("dpdk.mbufs")).isFalse();
        assertThat(XDP.option("xdp.hugepages")).isSameAs(HUGE);
        assertThat(XDP.option("xdp.nope")).isNull();
    }

    @Test
    void aKeyOutsideItsPrefixIsRefusedWhenMade()
    {
        assertThatThrownBy(() -> new PathOptions("af-xdp", "xdp.", PathOption.flag("dpdk.x", true, "x")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dpdk.x");
    }

    @Test
    void helpHasALinePerOptionWithItsValuesAndDefaultAndOneWithWhatItSets()
    {
        assertThat(XDP.help(2).lines()).containsExactly(
            "  xdp.mode=native|skb (default native)", "      mode",
            "  xdp.hugepages=true|false (default true)", "      hugepages");
    }
}
