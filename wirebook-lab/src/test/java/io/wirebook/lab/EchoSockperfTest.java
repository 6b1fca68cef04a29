package io.wirebook.lab;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.wirebook.lab.peer.SockperfPeer;
import io.wirebook.rx.xdp.AfXdpRxPath;
import io.wirebook.sys.Netns;
import io.wirebook.testnet.TestNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real sockperf client, in the exchange namespace of a {@link TestNetwork}, against {@code wirebook echo} on a
 * path in the host namespace: in ping-pong every message it sends is answered, under load the ones it asks for.
 */
class EchoSockperfTest
{
    private static final int PORT = 11311;
    private static TestNetwork network;

    @BeforeAll
    static void createNetwork()
    {
        Assumptions.assumeTrue(TestNetwork.isRoot(), "needs root for network namespaces");
        Assumptions.assumeTrue(SockperfPeer.version() != null, "sockperf is not installed: " + SockperfPeer.FIX);
        network = TestNetwork.create("techo", false);
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
    @ValueSource(strings = {"socket", "io-uring", "af-xdp"})
    void sockperfGetsAReplyToEveryMessageItAsksOne(final String path) throws Exception
    {
        if (path.equals("af-xdp"))
        {
            Assumptions.assumeTrue(AfXdpRxPath.privilegesMissing() == null, "needs CAP_NET_ADMIN, CAP_BPF");
        }
        final PipedInputStream fromEcho = new PipedInputStream(1 << 16);
        final PrintStream control = new PrintStream(new PipedOutputStream(fromEcho), true, StandardCharsets.UTF_8);
        final BufferedReader lines = new BufferedReader(new InputStreamReader(fromEcho, StandardCharsets.UTF_8));
        final EchoServer echo = new EchoServer(new EchoServer.Settings(path, network.hostIf(),
            TestNetwork.HOST_ADDRESS, PORT, 60, -1, Map.of("xdp.hugepages", "false")), control);
        final Thread server = Thread.ofPlatform().name("echo-" + path).start(() ->
        {
            Netns.enterCurrentThread(network.hostNs());
            echo.run();
        });
        try
        {
            assertThat(lines.readLine()).startsWith("READY " + path);

            final Map<String, Object> pingPong =
                SockperfPeer.client(network.exchangeNs(), TestNetwork.HOST_ADDRESS, PORT, 2, 0, 64);
            final Map<String, Object> underLoad =
                SockperfPeer.client(network.exchangeNs(), TestNetwork.HOST_ADDRESS, PORT, 3, 2000, 64);
            echo.stop();
            server.join(TimeUnit.SECONDS.toMillis(10));
            final String counts = lines.readLine();
            System.out.println(path + ": " + counts + "\n  ping-pong " + pingPong + "\n  under-load " + underLoad);

            for (final Map<String, Object> run : new Map[] {pingPong, underLoad})
            {
                assertThat(run.get("status")).as(String.valueOf(run.get("reason"))).isEqualTo("ok");
                @SuppressWarnings("unchecked")
                final Map<String, Object> figures = (Map<String, Object>)run.get("figures");
                assertThat((Long)figures.get("received_messages")).isPositive();
                assertThat(figures.get("dropped")).isEqualTo(0L);
                assertThat(figures).containsKey("latency_ns");
            }
            @SuppressWarnings("unchecked")
            final Map<String, Object> pingPongFigures = (Map<String, Object>)pingPong.get("figures");
            assertThat(pingPongFigures.get("received_messages")).isEqualTo(pingPongFigures.get("sent_messages"));
            assertThat(counts).startsWith("ECHO path=" + path).doesNotContain("replies=0 ")
                .contains("reply_refused=0").contains("malformed=0");
        }
        finally
        {
            echo.stop();
            server.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
