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
    void socketSettingsComeFromTheOptionsOrTheirDefaults()
    {
        assertThat(AfXdpOptions.settings(config(Map.of())))
            .isEqualTo(new XdpInterface.Settings(true, XskSocket.BindMode.AUTO, 0, 4096, 4096, true, false));
        assertThat(AfXdpOptions.settings(config(Map.of("xdp.mode", "skb", "xdp.bind", "ZeroCopy", "xdp.queue", "1",
            "xdp.frames", "1024", "xdp.frame-size", "2048", "xdp.hugepages", "false"))))
            .isEqualTo(new XdpInterface.Settings(false, XskSocket.BindMode.ZEROCOPY, 1, 1024, 2048, false, false));
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
