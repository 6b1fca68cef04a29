package io.wirebook.vm;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.wirebook.lab.BenchRunner;
import io.wirebook.lab.LabHosts;
import io.wirebook.lab.LabNetwork;
import io.wirebook.lab.Scenario;
import io.wirebook.report.PathResult;
import io.wirebook.report.RunResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The lab feed through the guest's e1000 on a lab network of its own: socket on the kernel's e1000 driver
 * (interrupts, NAPI), dpdk on DPDK's net_e1000_em PMD (uio_pci_generic), each in a guest of its own, with no
 * drop and the simulator's books. Low rate and short: the guest is emulated.
 */
final class GuestBenchEndToEndTest
{
    private static final String PREFIX = "wbvt";
    private static final long RATE = 3_000;
    private static LabHosts hosts;
    private static ByteArrayOutputStream log;

    @TempDir
    Path out;

    @BeforeAll
    static void lab()
    {
        final String guest = GuestVm.whyUnavailable(GuestSpec.defaults());
        assumeTrue(null == guest, () -> "skipped: guest: " + guest);
        final String lab = LabNetwork.whyUnavailable();
        assumeTrue(null == lab, () -> "skipped: lab network: " + lab);
        log = new ByteArrayOutputStream();
        hosts = LabHosts.open(PREFIX, new PrintStream(log, true));
    }

    @AfterAll
    static void removeLab()
    {
        if (null != hosts)
        {
            hosts.close();
            System.out.println(log);
            assertThat(LabNetwork.status(PREFIX)).startsWith("no lab network");
        }
    }

    @Test
    void socketReceivesTheFeedThroughTheKernelsE1000Driver() throws Exception
    {
        final PathResult socket = runInGuest("socket");
        assertThat(socket.extra().get("driver")).isEqualTo("e1000");
        assertThat(socket.extra().get("pmd")).isNull();
        assertThat(socket.all().arrivalLatency().count()).as("guest kernel RX stamps").isPositive();
    }

    @Test
    void dpdkReceivesTheFeedThroughTheE1000Pmd() throws Exception
    {
        final PathResult dpdk = runInGuest("dpdk");
        assertThat(dpdk.extra().get("pmd")).isEqualTo("net_e1000_em");
        assertThat(dpdk.extra().get("driver")).isEqualTo("uio_pci_generic");
    }

    private PathResult runInGuest(final String path) throws Exception
    {
        final BenchRunner.Plan plan = new BenchRunner.Plan(Scenario.SINGLE, List.of(path), 3, 2, RATE, 1, 200, 7,
            out, false, Map.of(), false);
        final RunResult run = new GuestBench(plan, hosts, new PrintStream(log, true)).run();
        final PathResult result = run.paths().getFirst();
        if (PathResult.SKIPPED.equals(result.status()))
        {
            abort("skipped: " + path + ": " + result.reason());
        }
        assertThat(result.status()).as(path + ": " + result.reason()).isEqualTo(PathResult.OK);
        assertThat(result.all().messages()).as(path + " messages").isGreaterThanOrEqualTo(RATE * 3);
        assertThat(result.all().drops()).as(path + " drops").isZero();
        assertThat(result.extra().get("books_match_simulator")).as(path + " books").isEqualTo(true);
        assertThat(result.all().latency()).as(path + ": no send-to-book across two clocks").isNull();
        return result;
    }
}
