package io.wirebook.cli;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.wirebook.counters.CountersFile;
import io.wirebook.counters.HandlerCounters;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wirebook stat} against counters files, as it reads a running handler's. */
class StatCommandTest
{
    @TempDir
    Path dir;

    @Test
    void onceItPrintsEveryCounterOfARunningHandlerWithItsRate() throws Exception
    {
        final HandlerCounters counters = HandlerCounters.inFile(CountersFile.defaultFile(dir, 1), "af-xdp", 64);
        final AtomicCounter messages = counters.channel(0, "messages");
        counters.channel(1, "messages").set(7);
        counters.path("rejected.wrong_source").set(3);
        final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> messages.getAndAddRelease(1_000), 0, 10, TimeUnit.MILLISECONDS);
        try
        {
            final CommandRun run = stat("--once", "--dir", dir.toString(), "--interval-ms", "500");
            assertThat(run.status()).isZero();
            assertThat(run.out()).contains("af-xdp", "pid " + ProcessHandle.current().pid())
                .contains("ch.0.messages", "ch.1.messages", "path.rejected.wrong_source").contains("/s");
            final String line = run.out().lines().filter(l -> l.contains("ch.0.messages")).findFirst().orElseThrow();
            final double rate = Double.parseDouble(line.replaceAll(".* ([0-9,]+)/s$", "$1").replace(",", ""));
            assertThat(rate).as("about 100,000/s: " + line).isBetween(20_000.0, 200_000.0);

            final CommandRun one = stat("--once", "--dir", dir.toString(), "--interval-ms", "100", "--channel", "1");
            assertThat(one.out()).contains("ch.1.messages").doesNotContain("ch.0.messages")
                .doesNotContain("path.rejected");
            final CommandRun regex =
                stat("--once", "--dir", dir.toString(), "--interval-ms", "100", "--filter", "rejected");
            assertThat(regex.out()).contains("path.rejected.wrong_source").doesNotContain("messages");
            final CommandRun otherPath =
                stat("--once", "--dir", dir.toString(), "--interval-ms", "100", "--path", "dpdk");
            assertThat(otherPath.status()).isEqualTo(1);
        }
        finally
        {
            ticker.shutdownNow();
            counters.close();
        }
    }

    @Test
    void itSaysPlainlyWhenNoHandlerRunsAndStopsWhenTheLastOneGoes() throws Exception
    {
        final CommandRun none = stat("--once", "--dir", dir.toString(), "--interval-ms", "100");
        assertThat(none.status()).isEqualTo(1);
        assertThat(none.out()).contains("no wirebook handler is running");

        final HandlerCounters counters = HandlerCounters.inFile(CountersFile.defaultFile(dir, 2), "socket", 16);
        counters.handler("errors");
        final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor();
        closer.schedule(counters::close, 400, TimeUnit.MILLISECONDS);
        final CommandRun watching = stat("--dir", dir.toString(), "--interval-ms", "200", "--count", "50");
        closer.shutdownNow();
        assertThat(watching.status()).isZero();
        assertThat(watching.out()).contains("handler.errors").contains("handler gone: ")
            .contains("no handler left; stat stops");
    }

    private static CommandRun stat(final String... args)
    {
        final String[] full = new String[args.length + 1];
        full[0] = "stat";
        System.arraycopy(args, 0, full, 1, args.length);
        return CommandRun.of(full);
    }
}
