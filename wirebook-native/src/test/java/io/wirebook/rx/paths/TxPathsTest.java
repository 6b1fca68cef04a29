package io.wirebook.rx.paths;

import java.util.Map;

import io.wirebook.rx.xdp.AfXdpRxPath;
import io.wirebook.testnet.TestNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every path that transmits answers a ping-pong client through its own TX, allocating nothing once warm. */
class TxPathsTest
{
    private static TestNetwork network;

    @BeforeAll
    static void createNetwork()
    {
        Assumptions.assumeTrue(TestNetwork.isRoot(), "needs root for network namespaces");
        network = TestNetwork.create("ttx", false);
    }

    @AfterAll
    static void deleteNetwork()
    {
        if (network != null)
        {
            network.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"socket", "socket-spin", "recvmmsg"})
    void answersEveryRequestThroughItsOwnTxAllocatingNothing(final String name) throws Exception
    {
        check(TxExercise.run(() -> RxPaths.create(name), network, Map.of(), 20_000));
    }

    /** Each way the poll thread runs the ring's task work: sends complete on the ring they were submitted to. */
    @ParameterizedTest
    @ValueSource(strings = {"defer", "coop", "ipi"})
    void ioUringAnswersWithSendmsgOnItsRingAllocatingNothing(final String taskRun) throws Exception
    {
        Assumptions.assumeTrue(RxPaths.prerequisitesMissing("io-uring") == null,
            String.valueOf(RxPaths.prerequisitesMissing("io-uring")));
        final TxExercise.Result result =
            TxExercise.run(() -> RxPaths.create("io-uring"), network, Map.of("uring.taskrun", taskRun), 20_000);

        check(result);
        assertThat(result.counters().get("tx.errors")).isZero();
    }

    /** Native XDP and skb mode: replies turn the received frame around, sends copy into a TX frame. */
    @ParameterizedTest
    @ValueSource(strings = {"native", "skb"})
    void afXdpAnswersThroughItsTxRingAllocatingNothing(final String mode) throws Exception
    {
        Assumptions.assumeTrue(AfXdpRxPath.privilegesMissing() == null, "needs CAP_NET_ADMIN, CAP_BPF");
        final TxExercise.Result result = TxExercise.run(AfXdpRxPath::new, network,
            Map.of("xdp.mode", mode, "xdp.frames", "1024", "xdp.hugepages", "false"), 200_000);

        check(result);
        assertThat(result.counters().get("tx.in_place")).as("replies turned around in place").isPositive();
        assertThat(result.counters().get("tx.completed")).isEqualTo(result.counters().get("tx.sent"));
    }

    private static void check(final TxExercise.Result result)
    {
        assertThat(result.answeredInWindow()).as("requests answered while measured").isPositive();
        assertThat(result.allocatedBytes()).as("bytes allocated on the poll thread").isZero();
        assertThat(result.wrongAnswers()).isZero();
        assertThat(result.answers()).as("answers the client got").isGreaterThan(result.requests() * 9 / 10);
        assertThat(result.counters().get("tx.sent")).isGreaterThanOrEqualTo(result.answers());
    }
}
