package io.wirebook.cli;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command's wrong arguments exit with status 2. */
class WrongCommandArgumentsTest
{
    private static final String FORGE = "forge --channel 239.1.1.1:12345 --from ";
    private static final String PUBLISH = "publish --channel 239.1.1.1:12345 --source 198.18.0.1 ";
    private static final String CLOSE = "bench --scenario nasdaq-close --out /tmp/wirebook-wrong-arguments ";

    /** Each line is one run's arguments, split at spaces. */
    static Stream<String> wrong()
    {
        return Stream.of(
            commands("jitter", "--cpus 4096", "--duration 0", "--threshold-us -5", "--cpus one"),
            commands("stat", "--interval-ms 5", "--path carrier-pigeon", "--filter (unclosed", "--count -1"),
            commands("vm", "--nic e100", "--timeout 0", "--hugepages -1", "--hugepages 10000", "--timeout x"),
            commands("bench --vm --out /tmp/wirebook-wrong-args", "--scenario faults", "--scenario sweep",
                "--capture"),
            commands("bookbench --out /tmp/wirebook-wrong-args", "--profile bogus", "--against /nonexistent/core.jar",
                "--against . --profile nasdaq"),
            commands("doctor", "--cpu -1", "--cpu 4096", "--cpu one", "--netns wb-host", "--interface wb-no-such-if0"),
            List.of("forge --from 198.18.0.3", "forge --channel 239.1.1.1:12345",
                "forge --channel 239.1.1.1 --from 198.18.0.3", "forge --channel 10.0.0.1:12345 --from 198.18.0.3"),
            // The last but two sends from the exchange's own source port.
            List.of(FORGE + "198.18.0", FORGE + "198.18.0.3 --from-port 0", FORGE + "198.18.0.1 --from-port 12344",
                FORGE + "198.18.0.3 --kinds eos,bogus", FORGE + "198.18.0.3 --wait-ms 0"),
            List.of(CLOSE + "--rate 1000", CLOSE + "--duration 2.5", CLOSE + "--channels 2",
                "bench --replay-speed 2 --out /tmp/wirebook-wrong-arguments"),
            List.of(PUBLISH + "--profile bogus", PUBLISH + "--replay-speed -1", PUBLISH + "--warmup-messages -5",
                PUBLISH + "--max-packet-bytes 2000", PUBLISH + "--profile nasdaq --messages 100"))
            .flatMap(List::stream);
    }

    private static List<String> commands(final String command, final String... arguments)
    {
        return Arrays.stream(arguments).map(a -> command + " " + a).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrong")
    void exitWithStatus2(final String line)
    {
        assertThat(CommandRun.of(line.split(" ")).status()).as(line).isEqualTo(2);
    }
}
