package io.wirebook.rx.socket;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.wirebook.counters.CounterTypes;
import io.wirebook.counters.CountersFile;
import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.paths.RxPaths;
import io.wirebook.sys.Netns;
import io.wirebook.testnet.TestNetwork;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The paths that read UDP from kernel sockets ({@code socket}, {@code socket-spin}, {@code recvmmsg}, and
 * {@code io-uring} where it shares a check), over {@link TestNetwork}: what they do alike, each check run on each
 * path, then what the blocking {@code socket} alone does. io-uring's own checks (task-run modes, SQPOLL, buffer
 * ring) are in {@code IoUringRxPathNetnsTest}.
 */
class SocketRxPathsTest
{
    /** Two ports: two sockets, so the blocking flavour waits in poll(2). */
    static final List<Channel> TWO_PORTS = List.of(
        Channel.of("239.1.1.1", 12345), Channel.of("239.1.1.2", 12346), Channel.of("239.1.1.3", 12345));

    private static TestNetwork network;

    @BeforeAll
    static void createNetwork()
    {
        Assumptions.assumeTrue(TestNetwork.isRoot(), "needs root for network namespaces");
        network = TestNetwork.create("tsock");
    }

    @AfterAll
    static void deleteNetwork()
    {
        if (network != null)
        {
            network.close();
        }
    }

    private static Supplier<RxPath> path(final String name)
    {
        return () -> RxPaths.create(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"socket", "socket-spin", "recvmmsg"})
    void deliversEveryDatagramOnceOnItsChannelWithItsStamp(final String name) throws Exception
    {
        PathExercise.checkDeliversEveryDatagramOnce(path(name), network, 2000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"socket", "socket-spin", "recvmmsg"})
    void overTwoPortsDeliversEveryDatagramOnce(final String name) throws Exception
    {
        PathExercise.checkDeliversEveryDatagramOnce(path(name), network, TWO_PORTS, 600);
    }

    @ParameterizedTest
    @ValueSource(strings = {"socket", "socket-spin", "recvmmsg"})
    void unicastToThePortIsCountedNotDelivered(final String name) throws Exception
    {
        PathExercise.checkUnicastIsCountedNotDelivered(path(name), network);
    }

    @ParameterizedTest
    @ValueSource(strings = {"socket", "socket-spin", "recvmmsg"})
    void takesTwoLinesAndRejectsWrongSources(final String name) throws Exception
    {
        PathExercise.checkTwoLinesAndSources(path(name), network, Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"socket-spin", "recvmmsg", "io-uring"})
    void withSourceSpecificJoinsLeavesTheWrongAddressToTheKernel(final String name) throws Exception
    {
        PathExercise.checkTwoLinesAndSources(path(name), network, Map.of("socket.ssm", "true"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"socket-spin", "recvmmsg", "io-uring"})
    void capturesEveryDatagramAsReceivedTheRefusedOnesToo(final String name) throws Exception
    {
        PathExercise.checkCapturesEveryDatagramAsReceived(path(name), network);
    }

    @ParameterizedTest
    @ValueSource(strings = {"socket", "socket-spin", "recvmmsg"})
    void pollAllocatesNothingOnThePollThread(final String name) throws Exception
    {
        assertThat(PathExercise.allocatedBytesOverPolls(path(name), network, 100_000)).isZero();
    }

    /** One port: a blocking recvmsg with SO_RCVTIMEO; two ports: poll(2) with the same timeout. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void blockingPollReturnsZeroSoonWhenNothingArrives(final boolean twoPorts) throws Exception
    {
        final long[] resultAndNanos = twoPorts ? PathExercise.idlePoll(BlockingSocketRxPath::new, network, TWO_PORTS) :
            PathExercise.idlePoll(BlockingSocketRxPath::new, network);

        assertThat(resultAndNanos[0]).isZero();
        assertThat(resultAndNanos[1]).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
    }

    /**
     * The path counts in the handler's counters file: another reader of that file (as {@code wirebook stat} in
     * another process) sees the forged datagram's rejection while the path is still open.
     */
    @Test
    void aRejectionShowsInTheMappedCountersFileWhileThePathIsOpen(@TempDir final Path directory) throws Exception
    {
        final Path file = directory.resolve("x.counters");
        final ExecutorService receiver = Executors.newSingleThreadExecutor();
        final ExecutorService sender = Executors.newSingleThreadExecutor();
        final KernelSocketRxPath path = KernelSocketRxPath.blocking();
        try (HandlerCounters counters = HandlerCounters.inFile(file, "socket", 256))
        {
            final RxConfig config = new RxConfig(List.of(new Flow(0, Flow.LINE_A, TestNetwork.CHANNELS.get(0),
                Channel.parseIpv4(TestNetwork.EXCHANGE_ADDRESS), TestNetwork.SOURCE_PORT, network.hostIf(),
                Channel.parseIpv4(TestNetwork.HOST_ADDRESS))), -1, Map.of(), counters, null);
            receiver.submit(() ->
            {
                Netns.enterCurrentThread(network.hostNs());
                path.open(config);
                return null;
            }).get(10, TimeUnit.SECONDS);
            sender.submit(() ->
            {
                Netns.enterCurrentThread(network.exchangeNs());
                PathExercise.sendFrom(TestNetwork.FORGER_ADDRESS, TestNetwork.SOURCE_PORT, network.exchangeIf(),
                    TestNetwork.CHANNELS.get(0), 7);
                return null;
            }).get(10, TimeUnit.SECONDS);

            try (CountersFile other = CountersFile.open(file).orElseThrow())
            {
                final CountersReader reader = other.reader();
                final int id = counterId(reader, "path.rejected.wrong_source");
                assertThat(id).as("path.rejected.wrong_source in the file").isNotNegative();
                assertThat(reader.getCounterTypeId(id)).isEqualTo(CounterTypes.PATH);
                assertThat(other.name()).isEqualTo("socket");
                assertThat(reader.getCounterValue(id)).isZero();
                final long rejected = receiver.submit(() ->
                {
                    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (reader.getCounterValue(id) == 0 && System.nanoTime() < deadline)
                    {
                        assertThat(path.poll((flow, buffer, offset, length, arrival) -> { })).isZero();
                    }
                    return reader.getCounterValue(id);
                }).get(10, TimeUnit.SECONDS);
                assertThat(rejected).isEqualTo(1);
                assertThat(reader.getCounterValue(counterId(reader, "path.datagrams"))).isZero();
            }
        }
        finally
        {
            receiver.submit(path::close).get(10, TimeUnit.SECONDS);
            sender.shutdownNow();
            receiver.shutdownNow();
        }
    }

    private static int counterId(final CountersReader reader, final String label)
    {
        final int[] found = {-1};
        reader.forEach((value, id, counterLabel) ->
        {
            if (counterLabel.equals(label))
            {
                found[0] = id;
            }
        });
        return found[0];
    }

    @Test
    void missingInterfaceIsOneLineWithAFix() throws Exception
    {
        final RxConfig config = new RxConfig(List.of(Channel.of("239.1.1.1", 12345)), "tsock-nope",
            Channel.parseIpv4(TestNetwork.HOST_ADDRESS), -1, Map.of());
        final var executor = Executors.newSingleThreadExecutor();
        try
        {
            final Throwable thrown = executor.submit(() ->
            {
                Netns.enterCurrentThread(network.hostNs());
                try (KernelSocketRxPath path = KernelSocketRxPath.blocking())
                {
                    path.open(config);
                    return null;
                }
                catch (final RxUnavailableException ex)
                {
                    return ex;
                }
            }).get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() ->
            {
                throw thrown;
            }).isInstanceOf(RxUnavailableException.class).hasMessageContaining("tsock-nope")
                .hasMessageContaining("fix:").hasMessageNotContaining("\n");
        }
        finally
        {
            executor.shutdownNow();
        }
    }
}
