package io.wirebook.lab;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TickToTradeRunTest
{
    @Test
    void ordersTheGatewayNeverSawAreLostAndPercentilesComeFromEachSide()
    {
        final Properties strategy = new Properties();
        strategy.setProperty("orders_market_open", "100");
        strategy.setProperty("refused", "0");
        strategy.setProperty("in_host_from_arrival_stamp", "100");
        strategy.setProperty("in_host_from_hand_over", "0");
        for (final String key : new String[] {"p50", "p90", "p99", "p999", "max"})
        {
            strategy.setProperty("in_host_ns." + key, "1000");
        }
        final Properties gateway = new Properties();
        gateway.setProperty("ufo.orders_market_open", "97");
        gateway.setProperty("ufo.paired", "96");
        gateway.setProperty("ufo.unpaired", "1");
        gateway.setProperty("ufo.wire_to_wire_ns.p50", "5000");
        gateway.setProperty("ufo.wire_to_wire_ns.p90", "6000");
        gateway.setProperty("ufo.wire_to_wire_ns.p99", "7000");
        gateway.setProperty("ufo.wire_to_wire_ns.p999", "8000");
        gateway.setProperty("ufo.wire_to_wire_ns.max", "9000");

        final Map<String, Object> figures = TickToTradeRun.tickToTrade(strategy, gateway, "ufo");

        assertThat(figures).containsEntry("orders", 100L).containsEntry("paired", 96L).containsEntry("lost", 3L)
            .containsEntry("unpaired", 1L).containsEntry("in_host_from", "arrival stamp");
        assertThat(figures.get("wire_to_wire_ns")).isEqualTo(
            Map.of("p50", 5000L, "p90", 6000L, "p99", 7000L, "p999", 8000L, "max", 9000L));
        assertThat(((Map<?, ?>)figures.get("in_host_ns")).get("p50")).isEqualTo(1000L);
    }

    @Test
    void aSideWithoutFiguresHasNullPercentiles()
    {
        final Map<String, Object> figures = TickToTradeRun.tickToTrade(new Properties(), new Properties(),
            "soupbintcp");

        assertThat(figures.get("in_host_ns")).isNull();
        assertThat(figures.get("wire_to_wire_ns")).isNull();
        assertThat(figures).containsEntry("orders", 0L).containsEntry("lost", 0L);
    }
}
