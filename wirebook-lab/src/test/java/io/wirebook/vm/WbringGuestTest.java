package io.wirebook.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.wirebook.lab.SystemCommand;
import io.wirebook.sim.KringGuestFeed;
import io.wirebook.sys.Netns;
import io.wirebook.testnet.TestNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The wbring module and the kring path in a guest that runs the kernel the module is built for (this host cannot
 * load modules): the module is built from its sources against the guest kernel's headers into the guest's share,
 * loaded with insmod, and driven on a veth pair inside the guest, one end sending, the other end the ring's.
 * {@code wbring_check} (C, wirebook-native/src/test/c/wbring) checks open, every ioctl refusal, mmap bounds, the
 * ring's overflow and other counters, poll, the interface going away, and unloading with a mapping alive; then
 * {@link KringGuestFeed} runs a feed handler on kring and compares its books with the exchange's, sent from inside
 * the guest over the veth, and sent from the host over a tap into the guest's e1000. Skipped, with the reason and
 * fix, on a host without qemu, the guest kernel, its headers or gcc (the e1000 part: without root).
 */
final class WbringGuestTest
{
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final String RX_IF = "wbv1";
    private static final String TX_IF = "wbv0";
    private static final String TX_ADDRESS = "198.18.9.1";
    private static final String RX_ADDRESS = "198.18.9.2";
    private static final String OTHER_IF = "wbd0";
    private static final Path CHECK_SOURCE = Path.of(System.getProperty("basedir", "."))
        .resolveSibling("wirebook-native").resolve("src/test/c/wbring/wbring_check.c");
    private static final Path MODULE_SOURCES = Path.of(System.getProperty("basedir", "."))
        .resolveSibling("wirebook-native").resolve("src/main/c/wbring");

    /** The guest's NIC: a tap in the test network's exchange namespace, the exchange at its host end. */
    private static final String TAP = "wbrgt0";
    private static final String TAP_ADDRESS = "198.18.8.1";
    private static final String GUEST_ADDRESS = "198.18.8.2";
    private static final String GUEST_MAC = "52:54:00:77:62:01";
    private static final String GUEST_NIC = "eth0";
    /** The emulated e1000 takes fewer packets a second than a veth: a wider gap keeps its RX ring from filling. */
    private static final long E1000_PACKET_GAP_NANOS = 1_000_000;
    private static final long READY_TIMEOUT_NANOS = 60_000_000_000L;

    private static TestNetwork network;
    private static GuestVm guest;
    private static Path module;
    private static Path check;

    @BeforeAll
    static void bootAndBuild()
    {
        GuestSpec spec = GuestSpec.defaults();
        final String why = GuestVm.whyUnavailable(spec);
        assumeTrue(null == why, () -> "skipped: " + why);
        final String unbuildable = WbringModule.whyUnbuildable(spec.kernel());
        assumeTrue(null == unbuildable, () -> "skipped: " + unbuildable);
        if (TestNetwork.isRoot())
        {
            network = TestNetwork.create("wbrg", false);
            final String ns = network.exchangeNs();
            TestNetwork.run("ip", "-n", ns, "tuntap", "add", "dev", TAP, "mode", "tap");
            TestNetwork.run("ip", "-n", ns, "addr", "add", TAP_ADDRESS + "/24", "dev", TAP);
            TestNetwork.run("ip", "-n", ns, "link", "set", TAP, "up");
            spec = spec.withNetwork(new GuestNetwork(ns, TAP, GUEST_ADDRESS + "/24", List.of(), GUEST_MAC));
        }
        guest = GuestVm.boot(spec);
        module = WbringModule.build(spec.kernel(), guest.share().resolve("wbring"));
        check = guest.share().resolve("wbring_check");
        SystemCommand.run(SystemCommand.find("gcc"), "-O2", "-Wall", "-I" + MODULE_SOURCES, "-o", check.toString(),
            CHECK_SOURCE.toString());
        final GuestResult veth = guest.runScript(COMMAND_TIMEOUT, String.join("\n",
            "set -e",
            "modprobe veth; modprobe dummy",
            "ip link add " + TX_IF + " type veth peer name " + RX_IF,
            "ip link add " + OTHER_IF + " type dummy",
            "ip addr add " + TX_ADDRESS + "/24 dev " + TX_IF,
            "ip addr add " + RX_ADDRESS + "/24 dev " + RX_IF,
            "for i in " + TX_IF + " " + RX_IF + " " + OTHER_IF + "; do ip link set $i up; done",
            // Whole checksums on the wire, as from a NIC: a veth's offload would leave the UDP checksum partial.
            "ethtool -K " + TX_IF + " tx off >/dev/null",
            // The sender's multicast leaves by the veth, not the NIC the guest routes 224.0.0.0/4 to.
            "ip route add 239.9.0.0/16 dev " + TX_IF,
            // The source is the guest's own other end: accepted on RX_IF only without rp_filter and with accept_local.
            "for k in all " + RX_IF + "; do sysctl -qw net.ipv4.conf.$k.rp_filter=0; done",
            "sysctl -qw net.ipv4.conf." + RX_IF + ".accept_local=1"));
        assertThat(veth.ok()).as(veth.output()).isTrue();
    }

    @AfterAll
    static void halt()
    {
        if (null != guest)
        {
            guest.close();
        }
        if (null != network)
        {
            network.close();
        }
    }

    @Test
    void theModuleLoadsAndKeepsItsContractThenUnloadsSafely()
    {
        final GuestResult result = guest.runScript(COMMAND_TIMEOUT, String.join("\n",
            "rmmod " + WbringModule.NAME + " 2>/dev/null",
            "dmesg -C",
            "insmod " + module + " || exit 10",
            "test -c " + WbringModule.DEVICE + " || exit 11",
            check + " " + RX_IF + " " + TX_ADDRESS + " " + OTHER_IF,
            "status=$?",
            "echo lsmod: $(grep -c '^" + WbringModule.NAME + " ' /proc/modules)",
            "dmesg | grep -E 'BUG|Oops|WARNING|general protection|refcount_t' && exit 12",
            "exit $status"));

        final List<String> lines = result.output().lines().toList();
        assertThat(lines).as(result.output()).noneMatch(line -> line.startsWith("not ok"));
        assertThat(lines).as(result.output()).contains("ok ring_overflow_counted", "ok mmap_beyond_ring_refused",
            "ok flow_no_such_interface", "ok second_ring_same_interface_busy", "ok unload_with_mapping_refused",
            "ok unload_after_unmap", "ok detached", "ok poll_wakes", "ok other_flows_pass", "lsmod: 0");
        assertThat(lines.stream().filter(line -> line.startsWith("ok ")).count()).isGreaterThanOrEqualTo(50);
        assertThat(result.status()).as(result.output()).isZero();
    }

    /** Without the tap (no root), kring end to end on the veth; with it, the e1000 run below covers this. */
    @Test
    void kringBuildsTheExchangesBooksFromTheModulesRing()
    {
        assumeTrue(null == network, "skipped: kringOnTheE1000BuildsTheExchangesBooks runs kring end to end");
        final GuestResult result = guest.runScript(COMMAND_TIMEOUT, String.join("\n",
            "grep -q '^" + WbringModule.NAME + " ' /proc/modules || insmod " + module + " || exit 10",
            GuestVm.shellCommand(javaCommand(RX_IF, RX_ADDRESS, TX_ADDRESS, "send")),
            "status=$?",
            "rmmod " + WbringModule.NAME + " || exit 11",
            "exit $status"));

        assertThat(result.output()).as(result.output()).contains("KRING books_match=true ended=true status=SYNCED")
            .contains(" messages=" + KringGuestFeed.MESSAGES + " lost=0 arrival_stamped=" + KringGuestFeed.MESSAGES
                + " ")
            .contains(" ring_overflow=0 ").contains(" bad_slots=0");
        assertThat(result.status()).as(result.output()).isZero();
    }

    /**
     * The exchange sends from the host, through the tap, into the guest's emulated Intel PRO/1000, whose kernel e1000
     * driver hands each frame to wbring's rx_handler: the talk's NIC, driver and character device in one path.
     */
    @Test
    void kringOnTheE1000BuildsTheExchangesBooks() throws Exception
    {
        assumeTrue(null != network, "skipped: the guest's tap needs root; fix: run as root");
        final Path ready = guest.share().resolve("kring-ready");
        final CompletableFuture<GuestResult> run = CompletableFuture.supplyAsync(() -> guest.runScript(COMMAND_TIMEOUT,
            String.join("\n",
                "ethtool -i " + GUEST_NIC + " | grep '^driver:'",
                "grep -q '^" + WbringModule.NAME + " ' /proc/modules || insmod " + module + " || exit 10",
                GuestVm.shellCommand(javaCommand(GUEST_NIC, GUEST_ADDRESS, TAP_ADDRESS, "listen", ready.toString())),
                "status=$?",
                "rmmod " + WbringModule.NAME + " || exit 11",
                "exit $status")));
        final long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        while (!Files.exists(ready) && !run.isDone() && System.nanoTime() < deadline)
        {
            Thread.sleep(50);
        }
        if (Files.exists(ready))
        {
            final Thread exchange = Thread.ofPlatform().start(() ->
            {
                Netns.enterCurrentThread(network.exchangeNs());
                KringGuestFeed.send(KringGuestFeed.packets(KringGuestFeed.store()), TAP_ADDRESS,
                    E1000_PACKET_GAP_NANOS);
            });
            exchange.join();
        }
        final GuestResult result = run.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(result.output()).as(result.output()).contains("driver: e1000\n")
            .contains("KRING books_match=true ended=true status=SYNCED")
            .contains(" messages=" + KringGuestFeed.MESSAGES + " lost=0 arrival_stamped=" + KringGuestFeed.MESSAGES
                + " ")
            .contains(" ring_overflow=0 ").contains(" bad_slots=0");
        assertThat(result.status()).as(result.output()).isZero();
    }

    private static List<String> javaCommand(final String... arguments)
    {
        final List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp",
            System.getProperty("java.class.path"), KringGuestFeed.class.getName()));
        command.addAll(List.of(arguments));
        return command;
    }

    /** The share is the guest's and goes with it; nothing is built in the source tree. */
    @Test
    void buildsNothingInTheSourceTree()
    {
        assertThat(Files.exists(MODULE_SOURCES.resolve(WbringModule.NAME + ".ko"))).isFalse();
        assertThat(Files.exists(MODULE_SOURCES.resolve("Module.symvers"))).isFalse();
        assertThat(Files.isRegularFile(module)).isTrue();
    }
}
