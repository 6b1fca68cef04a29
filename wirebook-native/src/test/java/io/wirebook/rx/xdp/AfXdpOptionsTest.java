package io.wirebook.rx.xdp;

import java.util.List;
import java.util.Map;

import io.wirebook.rx.Channel;
import io.wirebook.rx.RxConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Option checks happen before anything privileged, so these run anywhere. */
class AfXdpOptionsTest
{
    @Test
    void nameIsTheOneTheCliUses()
    {
        assertThat(new AfXdpRxPath().name()).isEqualTo("af-xdp");
    }

    @Test
    void rejectsAnUnknownMode()
    {
        assertThatThrownBy(() -> new AfXdpRxPath().open(config(Map.of("xdp.mode", "offload"))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xdp.mode must be one of native|skb");
    }

    @Test
    void rejectsAnUnknownBind()
    {
        assertThatThrownBy(() -> new AfXdpRxPath().open(config(Map.of("xdp.bind", "fast"))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto|copy|zerocopy");
    }

    @Test
    void rejectsAFrameCountThatIsNotAPowerOfTwo()
    {
        assertThatThrownBy(() -> new AfXdpRxPath().open(config(Map.of("xdp.frames", "1000"))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
    }

    @Test
    void rejectsAnOddFrameSize()
    {
        assertThatThrownBy(() -> new AfXdpRxPath().open(config(Map.of("xdp.frame-size", "3000"))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048 or 4096");
    }

    @Test
    void aRefusedOptionMakesNoCounters()
    {
        final RxConfig config = config(Map.of("xdp.mode", "turbo"));
        assertThatThrownBy(() -> new AfXdpRxPath().open(config)).isInstanceOf(IllegalArgumentException.class);
        assertThat(config.counters().values()).isEmpty();
    }

    @Test
    void aPathNeverOpenedClosesTwiceAndHasNothingToRefresh()
    {
        final AfXdpRxPath path = new AfXdpRxPath();
        path.close();
        path.close();
        path.refreshCounters();
        assertThat(path.describeMode()).isEqualTo("not open");
        assertThat(path.hasArrivalStamp()).isFalse();
    }

    private static RxConfig config(final Map<String, String> options)
    {
        return new RxConfig(List.of(Channel.of("239.1.1.1", 12345)), "lo", 0x7F000001, -1, options);
    }
}
