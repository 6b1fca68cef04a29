package io.wirebook.rx.socket;

import java.util.List;

import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import io.wirebook.rx.RxUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortFlowsTest
{
    private static final int HOST_A = Channel.parseIpv4("198.18.0.2");
    private static final int HOST_B = Channel.parseIpv4("198.18.1.2");

    @Test
    void bothLinesOfAPortShareItsSocketAndTheGroupNamesTheFlow() throws Exception
    {
        final List<PortFlows> ports = PortFlows.byPort(List.of(
            Flow.lineA(0, Channel.of("239.1.1.1", 12345), "wbh-a", HOST_A),
            new Flow(0, Flow.LINE_B, Channel.of("239.1.2.1", 12345), 0, 0, "wbh-b", HOST_B),
            Flow.lineA(1, Channel.of("239.1.1.2", 12346), "wbh-a", HOST_A)));

        assertThat(ports).hasSize(2);
        assertThat(ports.get(0).port()).isEqualTo(12345);
        assertThat(ports.get(0).size()).isEqualTo(2);
        assertThat(ports.get(0).flow(1).interfaceName()).isEqualTo("wbh-b");
        assertThat(ports.get(0).flowOf(Channel.parseIpv4("239.1.1.1"))).isEqualTo(0);
        assertThat(ports.get(0).flowOf(Channel.parseIpv4("239.1.2.1"))).isEqualTo(1);
        assertThat(ports.get(0).flowOf(Channel.parseIpv4("239.1.1.2"))).isEqualTo(-1);
        assertThat(ports.get(1).flowOf(Channel.parseIpv4("239.1.1.2"))).isEqualTo(2);
    }

    @Test
    void refusesTwoFlowsOnOneGroupAndPort()
    {
        assertThatThrownBy(() -> PortFlows.byPort(List.of(
            Flow.lineA(0, Channel.of("239.1.1.1", 12345), "wbh-a", HOST_A),
            new Flow(0, Flow.LINE_B, Channel.of("239.1.1.1", 12345), 0, 0, "wbh-b", HOST_B))))
            .isInstanceOf(RxUnavailableException.class).hasMessageContaining("239.1.1.1:12345")
            .hasMessageContaining("fix:");
    }
}
