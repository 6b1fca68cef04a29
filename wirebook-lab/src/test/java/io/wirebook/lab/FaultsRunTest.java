package io.wirebook.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wirebook.rx.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultsRunTest
{
    private static final LabHost EXCHANGE = new LabHost("wb-exch",
        new LabHost.LineEnd("wbx-a", "198.18.0.1"), new LabHost.LineEnd("wbx-b", "198.18.1.1"),
        new LabHost.LineEnd("wbx-r", "198.18.2.1"));

    @Test
    void forgedSentGoesFirstIntoTheReceiversForgedMap()
    {
        final Map<String, Object> byReason = Map.of("wrong_source", 4L);
        final Map<String, Object> fromReceiver = new LinkedHashMap<>();
        fromReceiver.put("rejected", 7L);
        fromReceiver.put("by_reason", byReason);

        final Map<String, Object> merged = FaultsRun.mergeForgedSent(fromReceiver, 8);

        assertThat(merged).containsExactly(Map.entry("sent", 8L), Map.entry("rejected", 7L),
            Map.entry("by_reason", byReason));
        assertThat(fromReceiver).doesNotContainKey("sent");
    }

    @Test
    void forgedSentMakesTheMapWhenTheReportHasNone()
    {
        assertThat(FaultsRun.mergeForgedSent(null, 8)).containsExactly(Map.entry("sent", 8L));
        assertThat(FaultsRun.mergeForgedSent("not a map", 3)).containsExactly(Map.entry("sent", 3L));
    }

    @Test
    void forgedSentReplacesASentTheReportMayHave()
    {
        assertThat(FaultsRun.mergeForgedSent(Map.of("sent", 1L), 8)).containsExactly(Map.entry("sent", 8L));
    }

    @Test
    void readsTheForgersSentLine(@TempDir final Path dir) throws IOException
    {
        final Path out = dir.resolve("forged.properties");
        Files.writeString(out, "sent=4\nsent.eos=1\nsent.deletes=1\nnext_sequence=1234\n");
        assertThat(FaultsRun.forgedSent(out)).isEqualTo(4);

        Files.writeString(out, "next_sequence=1234\n");
        assertThatThrownBy(() -> FaultsRun.forgedSent(out)).isInstanceOf(IOException.class)
            .hasMessageContaining("no sent=");
    }

    @Test
    void forgesFromThePeerAndFromTheExchangesOwnAddressOnAnotherPort(@TempDir final Path dir)
    {
        final List<List<String>> commands = FaultsRun.forgeArguments(EXCHANGE, "198.18.0.3",
            Channel.of("239.1.1.1", 12345), dir);

        assertThat(commands).hasSize(2);
        assertThat(commands.get(0)).containsExactly("forge", "--channel", "239.1.1.1:12345", "--kinds", "all",
            "--from", "198.18.0.3", "--go-file", dir.resolve(FaultsRun.GO_FILE).toString(),
            "--out", dir.resolve("forged-peer.properties").toString());
        assertThat(commands.get(1)).containsExactly("forge", "--channel", "239.1.1.1:12345", "--kinds", "all",
            "--from", "198.18.0.1", "--from-port", "40000", "--go-file", dir.resolve(FaultsRun.GO_FILE).toString(),
            "--out", dir.resolve("forged-exchange.properties").toString());
    }

    @Test
    void loopbackAndMissingNftAreSkippedWithTheirFix()
    {
        assertThat(FaultsRun.whyUnavailable(true, "not root", true))
            .contains("needs the lab network (not root)").contains("fix: run as root");
        assertThat(FaultsRun.whyUnavailable(false, null, false)).contains("nft").contains("fix: scripts/setup.sh");
        assertThat(FaultsRun.whyUnavailable(false, null, true)).isNull();
    }

    @Test
    void anNftRefusalGetsAFix()
    {
        assertThat(FaultsRun.withFix("faults scenario: 'nft add chain' failed")).contains("; fix: ");
        assertThat(FaultsRun.withFix("nft not installed; fix: scripts/setup.sh"))
            .isEqualTo("nft not installed; fix: scripts/setup.sh");
    }

    @Test
    void faultsFiguresCarryTheDropsThePublishersFaultsAndTheTimeline()
    {
        final Map<String, Object> figures = FaultsRun.faultsFigures(
            Map.of(FaultInjector.DROPPED_LOSS_A, 10L, FaultInjector.DROPPED_LOSS_B, 11L,
                FaultInjector.DROPPED_OUTAGE, 12L),
            Map.of("reordered_packets_a", 3L, "duplicated_packets_b", 4L, "measured_rate_msgs", 5.0),
            List.of(Map.of("action", "outage")), List.of());

        assertThat(figures).containsEntry("loss_a", 10L).containsEntry("loss_b", 11L).containsEntry("outage", 12L)
            .containsEntry("reordered_packets_a", 3L).containsEntry("reordered_packets_b", 0L)
            .containsEntry("duplicated_packets_a", 0L).containsEntry("duplicated_packets_b", 4L)
            .containsEntry("loss_pct_a", 2.0).containsEntry("outage_ms", 100L)
            .doesNotContainKey("forge_failures").doesNotContainKey("measured_rate_msgs");
    }
}
