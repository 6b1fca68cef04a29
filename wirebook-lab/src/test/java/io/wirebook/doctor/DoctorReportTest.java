package io.wirebook.doctor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.wirebook.report.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DoctorReportTest
{
    private static final NicInfo ICE = new NicInfo("eth1", null, "ice", "0000:3b:00.0", 1, false, 0, true, null, null);

    @TempDir
    Path root;

    @Test
    void aTunedHostPassesEveryCheck()
    {
        final DoctorReport report = FakeHost.tuned(root).doctor().examine(1, ICE);
        assertThat(report.checks()).allSatisfy(check ->
            assertThat(check.status()).as(check.name() + ": " + check.found()).isEqualTo(Status.OK));
        assertThat(report.checks()).extracting(Check::name).containsExactly("isolcpus", "nohz_full", "rcu_nocbs",
            "tick", "kthreads", "governor", "c-states", "hugepages", "thp", "memlock", "xdp", "rx_queues",
            "irq_affinity", "busy_poll", "io_uring", "capabilities", "clocksource", "vm", "nested", "steal", "cpus");
        assertThat(report.failed()).isFalse();
    }

    @Test
    void oneFailedCheckFailsTheReport()
    {
        final DoctorReport report = FakeHost.tuned(root).write("/proc/sys/kernel/io_uring_disabled", "2\n")
            .doctor().examine(1, ICE);
        assertThat(report.failed()).isTrue();
        assertThat(report.count(Status.FAIL)).isEqualTo(1);
    }

    @Test
    void theTextHasOneLinePerCheckWithItsFix()
    {
        final DoctorReport report = new DoctorReport(1, "eth1", List.of(
            Check.ok("tick", "CONFIG_HZ=1000"),
            Check.warn("nohz_full", "CPU 1 is not nohz_full", "boot with nohz_full=1"),
            Check.skip("governor", "no cpufreq", "on bare metal: cpupower")));
        assertThat(report.text().split("\n")).containsExactly(
            "OK    tick       CONFIG_HZ=1000",
            "WARN  nohz_full  CPU 1 is not nohz_full — fix: boot with nohz_full=1",
            "SKIP  governor   no cpufreq — fix: on bare metal: cpupower",
            "3 checks (poll CPU 1, interface eth1): 1 ok, 1 warn, 0 fail, 1 skip");
    }

    @Test
    void theJsonIsValidAndCarriesEveryCheckAndTheCounts()
    {
        final DoctorReport report = FakeHost.tuned(root).vm("KVMKVMKVM", 4_000)
            .doctor().examine(1, null);
        @SuppressWarnings("unchecked")
        final Map<String, Object> json = (Map<String, Object>)JsonReader.read(report.json());
        assertThat(json).containsKeys("poll_cpu", "interface", "checks", "summary", "failed");
        assertThat(json.get("interface")).isNull();
        assertThat(json.get("failed")).isEqualTo(false);
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> checks = (List<Map<String, Object>>)json.get("checks");
        assertThat(checks).hasSize(report.checks().size());
        for (int i = 0; i < checks.size(); i++)
        {
            final Check check = report.checks().get(i);
            assertThat(checks.get(i)).containsExactly(Map.entry("name", check.name()),
                Map.entry("status", check.status().label()), Map.entry("found", check.found()),
                Map.entry("fix", check.fix()));
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> summary = (Map<String, Object>)json.get("summary");
        assertThat(summary).containsEntry("warn", (long)report.count(Status.WARN))
            .containsEntry("skip", (long)report.count(Status.SKIP)).containsEntry("fail", 0L);
        assertThat(report.count(Status.WARN)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void quotesBackslashesAndControlCharactersSurviveTheJson()
    {
        final String odd = "a \"quoted\" C:\\path\twith a tab, µs and \u0001";
        final DoctorReport report = new DoctorReport(0, odd, List.of(Check.warn(odd, odd, odd)));
        @SuppressWarnings("unchecked")
        final Map<String, Object> json = (Map<String, Object>)JsonReader.read(report.json());
        assertThat(json.get("interface")).isEqualTo(odd);
        assertThat(json.get("checks")).isEqualTo(List.of(Map.of("name", odd, "status", "warn", "found", odd,
            "fix", odd)));
    }

    @Test
    void theTestsJsonReaderRejectsWhatIsNotJson()
    {
        assertThatThrownBy(() -> JsonReader.read("{\"a\": 1,}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonReader.read("{\"a\": \"x\ny\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonReader.read("[1] 2")).isInstanceOf(IllegalArgumentException.class);
        assertThat(JsonReader.read("{\"a\": [true, null, -1.5e3, \"\\u00b5\"]}"))
            .isEqualTo(Map.of("a", Arrays.asList(true, null, -1500.0, "µ")));
    }
}
