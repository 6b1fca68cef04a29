package io.wirebook.rx.dpdk;

import java.util.List;
import java.util.Map;

import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the dpdk path refuses about its lines before it touches EAL, so these run anywhere. */
class DpdkLinesTest
{
    @Test
    void bothLinesOnOnePortAreRefusedWithTheFix()
    {
        final RxConfig config = new RxConfig(List.of(flow(Flow.LINE_A, "239.1.1.1", "wbh-a"),
            flow(Flow.LINE_B, "239.1.2.1", "wbh-b")), -1, Map.of("dpdk.vdev.b", "net_af_xdp0,iface=wbh-b"));

        assertThatThrownBy(() -> new DpdkRxPath().open(config)).isInstanceOf(RxUnavailableException.class)
            .hasMessageStartingWith("dpdk would open one port (net_af_xdp0)").hasMessageContaining("; fix: ")
            .hasMessageContaining("dpdk.vdev.b");
    }

    @Test
    void moreThanTwoInterfacesAreRefused()
    {
        final RxConfig config = new RxConfig(List.of(flow(Flow.LINE_A, "239.1.1.1", "wbh-a"),
            flow(Flow.LINE_B, "239.1.2.1", "wbh-b"), flow(Flow.LINE_B, "239.1.2.2", "wbh-c")), -1, Map.of());

        assertThatThrownBy(() -> new DpdkRxPath().open(config)).isInstanceOf(RxUnavailableException.class)
            .hasMessageStartingWith("dpdk receives on at most two interfaces").hasMessageContaining("; fix: ");
    }

    private static Flow flow(final int line, final String group, final String interfaceName)
    {
        return new Flow(0, line, Channel.of(group, 12345), Flow.ANY_SOURCE, Flow.ANY_PORT, interfaceName, 0);
    }
}
