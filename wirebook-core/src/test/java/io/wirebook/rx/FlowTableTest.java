package io.wirebook.rx;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlowTableTest
{
    private static final int GROUP_1 = Channel.parseIpv4("239.1.1.1");
    private static final int GROUP_2 = Channel.parseIpv4("239.1.1.2");
    private static final int GROUP_B = Channel.parseIpv4("239.1.2.1");
    private static final int SOURCE = Channel.parseIpv4("198.18.0.1");
    private static final int FORGER = Channel.parseIpv4("198.18.0.3");
    private static final int SOURCE_PORT = 12344;

    /** Flow 0 from the exchange's address and port, flow 1 from anyone, flow 2 on line B's interface. */
    private static final List<Flow> FLOWS = List.of(
        new Flow(0, Flow.LINE_A, new Channel(GROUP_1, 12345), SOURCE, SOURCE_PORT, "wbh-a", 0),
        new Flow(1, Flow.LINE_A, new Channel(GROUP_2, 12345), Flow.ANY_SOURCE, Flow.ANY_PORT, "wbh-a", 0),
        new Flow(0, Flow.LINE_B, new Channel(GROUP_B, 12345), SOURCE, SOURCE_PORT, "wbh-b", 0));

    @Test
    void looksUpTheConfigurationsIndexOfTheFlowsItHolds()
    {
        final FlowTable lineB = FlowTable.ofInterface(FLOWS, "wbh-b");

        assertThat(lineB.size()).isEqualTo(1);
        assertThat(lineB.flowOf(GROUP_B, 12345)).isEqualTo(2);
        assertThat(lineB.flowOf(GROUP_1, 12345)).isEqualTo(FlowTable.NO_FLOW);
        assertThat(lineB.flowOf(GROUP_B, 12346)).isEqualTo(FlowTable.NO_FLOW);
    }

    @Test
    void saysWhyASourceIsRefused()
    {
        final FlowTable lineA = FlowTable.ofInterface(FLOWS, "wbh-a");

        assertThat(lineA.flowFrom(GROUP_1, 12345, SOURCE, SOURCE_PORT)).isEqualTo(0);
        assertThat(lineA.flowFrom(GROUP_1, 12345, FORGER, SOURCE_PORT)).isEqualTo(FlowTable.WRONG_SOURCE);
        assertThat(lineA.flowFrom(GROUP_1, 12345, SOURCE, 40000)).isEqualTo(FlowTable.WRONG_SOURCE_PORT);
        assertThat(lineA.flowFrom(GROUP_2, 12345, FORGER, 40000)).isEqualTo(1);
        assertThat(lineA.flowFrom(GROUP_B, 12345, SOURCE, SOURCE_PORT)).isEqualTo(FlowTable.NO_FLOW);
    }
}
