package io.wirebook.rx.mmsg;

import java.util.List;
import java.util.Map;

import io.wirebook.rx.Channel;
import io.wirebook.rx.socket.PathExercise;
import io.wirebook.testnet.TestNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecvmmsgRxPathTest
{
    private static TestNetwork network;

    @BeforeAll
    static void createNetwork()
    {
        Assumptions.assumeTrue(TestNetwork.isRoot(), "needs root for network namespaces");
        network = TestNetwork.create("tmmsg");
    }

    @AfterAll
    static void deleteNetwork()
    {
        if (network != null)
        {
            network.close();
        }
    }

    @Test
    void nameAndSpin()
    {
        assertThat(new RecvmmsgRxPath().name()).isEqualTo("recvmmsg");
        assertThat(new RecvmmsgRxPath().spins()).isTrue();
    }

    @Test
    void deliversEveryDatagramOnceOnItsChannelWithItsStamp() throws Exception
    {
        PathExercise.checkDeliversEveryDatagramOnce(RecvmmsgRxPath::new, network, 2000);
    }

    @Test
    void overTwoPortsDeliversEveryDatagramOnce() throws Exception
    {
        PathExercise.checkDeliversEveryDatagramOnce(RecvmmsgRxPath::new, network,
            List.of(Channel.of("239.1.1.1", 12345), Channel.of("239.1.1.2", 12346), Channel.of("239.1.1.3", 12345)),
            600);
    }

    @Test
    void unicastToThePortIsCountedNotDelivered() throws Exception
    {
        PathExercise.checkUnicastIsCountedNotDelivered(RecvmmsgRxPath::new, network);
    }

    @Test
    void takesTwoLinesAndRejectsWrongSources() throws Exception
    {
        PathExercise.checkTwoLinesAndSources(RecvmmsgRxPath::new, network, Map.of());
    }

    @Test
    void capturesEveryDatagramAsReceivedTheRefusedOnesToo() throws Exception
    {
        PathExercise.checkCapturesEveryDatagramAsReceived(RecvmmsgRxPath::new, network);
    }

    @Test
    void withSourceSpecificJoinsLeavesTheWrongAddressToTheKernel() throws Exception
    {
        PathExercise.checkTwoLinesAndSources(RecvmmsgRxPath::new, network, Map.of("socket.ssm", "true"));
    }

    @Test
    void pollAllocatesNothingOnThePollThread() throws Exception
    {
        assertThat(PathExercise.allocatedBytesOverPolls(RecvmmsgRxPath::new, network, 100_000)).isZero();
    }
}
