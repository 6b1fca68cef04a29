package io.wirebook.rx.paths;

import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.wirebook.rx.Channel;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.Flow;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.dpdk.DpdkLeftovers;
import io.wirebook.sys.Netns;
import io.wirebook.testnet.TestNetwork;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What {@link RxPath} promises, on every path {@link RxPaths} names: a path opened on a private network
 * namespace pair ({@link TestNetwork}, prefix {@code tctr}) delivers a datagram with its flow index, closes twice
 * without complaint, and then refuses to poll; a path never opened refuses too. A path this host cannot run is
 * skipped with its reason.
 *
 * <p>dpdk runs its part in a child JVM under {@code ip netns exec}: EAL initialises once per process, and its
 * af_xdp driver reads the interface from /sys, which only {@code ip netns exec} mounts for the namespace.
 */
class RxPathContractTest
{
    private static final String PREFIX = "tctr";
    private static final String IN_OWN_PROCESS = "dpdk";
    private static final String KEPT = "CONTRACT KEPT";
    private static final String UNAVAILABLE = "UNAVAILABLE ";
    private static final int UNAVAILABLE_EXIT = 3;
    /** Flow 0 is never sent to, so a datagram handed over as flow 1 is one whose flow index was looked up. */
    private static final Channel SILENT = TestNetwork.CHANNELS.get(1);
    private static final Channel SENT = TestNetwork.CHANNELS.get(0);
    private static final int SENT_FLOW = 1;
    private static final long MAGIC = 0x7774_6263_6f6e_7472L;
    private static final int MAGIC_OFFSET = 0;
    private static final int PAYLOAD_LENGTH = 64;
    private static final long ARRIVAL_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** A raw path may still be attaching when the first datagram passes; one more soon after costs nothing. */
    private static final long RESEND_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final Map<String, String> OPTIONS = Map.of("xdp.frames", "1024");

    private static TestNetwork network;

    @BeforeAll
    static void createNetwork() throws Exception
    {
        if (!TestNetwork.isRoot())
        {
            return;
        }
        network = TestNetwork.create(PREFIX);
    }

    @AfterAll
    static void deleteNetwork()
    {
        if (network != null)
        {
            network.close();
        }
    }

    /** Only the blocking socket waits in the kernel; every other path wants its poll thread to spin. */
    @ParameterizedTest(name = "{0}")
    @FieldSource("io.wirebook.rx.paths.RxPaths#NAMES")
    void namesItselfAsTheCommandLineDoesAndSaysWhetherItSpins(final String name)
    {
        final RxPath path = RxPaths.create(name);

        assertThat(path.name()).isEqualTo(name);
        assertThat(path.spins()).isEqualTo(!"socket".equals(name));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("io.wirebook.rx.paths.RxPaths#NAMES")
    void pollBeforeOpenIsRefused(final String name)
    {
        final RxPath path = RxPaths.create(name);

        assertThatThrownBy(() -> path.poll(new Arrivals())).isInstanceOf(IllegalStateException.class)
            .hasMessage(name + " is not open");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("io.wirebook.rx.paths.RxPaths#NAMES")
    void deliversWithItsFlowThenClosesTwiceThenRefusesToPoll(final String name) throws Exception
    {
        assumeTrue(TestNetwork.isRoot(), "needs root for network namespaces");
        assumeTrue(network != null, "cannot create network namespaces here");
        final String missing = RxPaths.prerequisitesMissing(name);
        assumeTrue(missing == null, () -> name + ": " + missing);
        final Lab lab = new Lab(network.hostNs(), network.exchangeNs(), network.exchangeIf(), network.hostIf());
        if (IN_OWN_PROCESS.equals(name))
        {
            checkInChildProcess(name, lab);
            return;
        }
        final ExecutorService receiver = Executors.newSingleThreadExecutor();
        try
        {
            final String unavailable = receiver.submit(() ->
            {
                Netns.enterCurrentThread(lab.hostNs());
                try
                {
                    checkContract(name, lab);
                    return null;
                }
                catch (final RxUnavailableException ex)
                {
                    return ex.getMessage();
                }
            }).get(60, TimeUnit.SECONDS);
            assumeTrue(unavailable == null, () -> name + " unavailable here: " + unavailable);
        }
        finally
        {
            receiver.shutdownNow();
        }
    }

    /**
     * The contract on one path, all on the calling thread (io-uring's ring belongs to the thread that opened it),
     * which must be in the host's namespace.
     */
    static void checkContract(final String name, final Lab lab) throws Exception
    {
        final RxPath path = RxPaths.create(name);
        try
        {
            path.open(config(lab));
        }
        catch (final RxUnavailableException ex)
        {
            path.close();
            throw ex;
        }
        final Arrivals arrivals = new Arrivals();
        try (Sender sender = new Sender(lab))
        {
            final long deadline = System.nanoTime() + ARRIVAL_TIMEOUT_NANOS;
            long nextSend = System.nanoTime();
            while (arrivals.ours == 0 && System.nanoTime() < deadline)
            {
                if (System.nanoTime() - nextSend >= 0)
                {
                    sender.sendOne();
                    nextSend += RESEND_NANOS;
                }
                path.poll(arrivals);
            }
        }
        finally
        {
            path.close();
        }
        path.close();

        assertThat(arrivals.ours).as("%s: our datagrams handed over", name).isPositive();
        assertThat(arrivals.wrongFlow).as("%s: ours handed over with another flow than %d", name, SENT_FLOW)
            .isZero();
        assertThat(arrivals.foreign).as("%s: datagrams that were not ours", name).isZero();
        assertThatThrownBy(() -> path.poll(arrivals)).isInstanceOf(IllegalStateException.class)
            .hasMessage(name + " is closed");
    }

    /** Flow 0 on {@link #SILENT}, flow 1 on {@link #SENT}, both on line A from the exchange's address and port. */
    static RxConfig config(final Lab lab)
    {
        final int exchange = Channel.parseIpv4(TestNetwork.EXCHANGE_ADDRESS);
        final int host = Channel.parseIpv4(TestNetwork.HOST_ADDRESS);
        return new RxConfig(List.of(
            new Flow(0, Flow.LINE_A, SILENT, exchange, TestNetwork.SOURCE_PORT, lab.hostIf(), host),
            new Flow(1, Flow.LINE_A, SENT, exchange, TestNetwork.SOURCE_PORT, lab.hostIf(), host)),
            -1, OPTIONS);
    }

    /** Runs {@link #checkContract} in a child JVM in the host's namespace: see {@link #main}. */
    private static void checkInChildProcess(final String name, final Lab lab) throws Exception
    {
        final Path output = Files.createTempFile(PREFIX + "-" + name, ".out");
        final Process child = new ProcessBuilder("ip", "netns", "exec", lab.hostNs(),
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), RxPathContractTest.class.getName(),
            name, lab.hostNs(), lab.exchangeNs(), lab.exchangeIf(), lab.hostIf())
            .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try
        {
            final boolean exited = child.waitFor(60, TimeUnit.SECONDS);
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            final String lines = Files.readString(output);
            System.out.print(lines.replaceAll("(?m)^", "[" + name + " child] "));
            assertThat(exited).as("%s child exited within 60 s", name).isTrue();
            final int unavailableAt = lines.indexOf(UNAVAILABLE);
            if (child.exitValue() == UNAVAILABLE_EXIT && unavailableAt >= 0)
            {
                Assumptions.abort(name + " unavailable here: "
                    + lines.substring(unavailableAt + UNAVAILABLE.length()).lines().findFirst().orElse(""));
            }
            assertThat(child.exitValue()).as("%s child's exit status; its output:%n%s", name, lines).isZero();
            assertThat(lines).contains(KEPT);
        }
        finally
        {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            DpdkLeftovers.removeFor(child.pid());
            Files.deleteIfExists(output);
        }
    }

    /** The child: arguments path hostNs exchangeNs exchangeIf hostIf; exits 0 when kept, 3 when unavailable. */
    public static void main(final String[] args) throws Exception
    {
        try
        {
            checkContract(args[0], new Lab(args[1], args[2], args[3], args[4]));
        }
        catch (final RxUnavailableException ex)
        {
            System.out.println(UNAVAILABLE + ex.getMessage());
            System.exit(UNAVAILABLE_EXIT);
        }
        System.out.println(KEPT);
        System.exit(0);
    }

    /** The names of the private network a contract run uses. */
    record Lab(String hostNs, String exchangeNs, String exchangeIf, String hostIf)
    {
    }

    /** Sends marked datagrams to {@link #SENT} from the exchange's address and port, on a thread in its namespace. */
    private static final class Sender implements AutoCloseable
    {
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<DatagramChannel> channel;
        private Future<?> lastSend;

        Sender(final Lab lab)
        {
            channel = thread.submit(() ->
            {
                Netns.enterCurrentThread(lab.exchangeNs());
                final DatagramChannel opened = DatagramChannel.open(StandardProtocolFamily.INET);
                opened.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                opened.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByName(lab.exchangeIf()));
                opened.bind(new InetSocketAddress(TestNetwork.EXCHANGE_ADDRESS, TestNetwork.SOURCE_PORT));
                return opened;
            });
        }

        void sendOne()
        {
            lastSend = thread.submit(() ->
            {
                final ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
                payload.putLong(MAGIC_OFFSET, MAGIC);
                channel.get().send(payload, new InetSocketAddress(SENT.groupAddress(), SENT.port()));
                return null;
            });
        }

        /** Closes the socket; a send that failed fails the check here. */
        @Override
        public void close() throws Exception
        {
            try
            {
                if (lastSend != null)
                {
                    lastSend.get(10, TimeUnit.SECONDS);
                }
                channel.get(10, TimeUnit.SECONDS).close();
            }
            finally
            {
                thread.shutdownNow();
            }
        }
    }

    /** Counts what the path hands over: ours on their flow, ours on another, and anything else. */
    private static final class Arrivals implements DatagramHandler
    {
        int ours;
        int wrongFlow;
        int foreign;

        @Override
        public void onDatagram(
            final int flow, final DirectBuffer buffer, final int offset, final int length, final long arrivalNanos)
        {
            if (length != PAYLOAD_LENGTH || buffer.getLong(offset + MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) != MAGIC)
            {
                foreign++;
            }
            else if (flow != SENT_FLOW)
            {
                wrongFlow++;
            }
            else
            {
                ours++;
            }
        }
    }
}
