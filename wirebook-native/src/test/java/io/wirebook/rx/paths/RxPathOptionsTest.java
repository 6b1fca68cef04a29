package io.wirebook.rx.paths;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.wirebook.feed.RecoveryConfig;
import io.wirebook.rx.Channel;
import io.wirebook.rx.PathOption;
import io.wirebook.rx.PathOptions;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.dpdk.DpdkOptions;
import io.wirebook.rx.kring.KringOptions;
import io.wirebook.rx.mmsg.RecvmmsgOptions;
import io.wirebook.rx.socket.SocketPathOptions;
import io.wirebook.rx.uring.IoUringOptions;
import io.wirebook.rx.xdp.AfXdpOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every path checks its options when it opens, before it touches the host, so these run anywhere: an unknown key
 * of its prefix and a bad value fail with one line naming what is valid; an absent option is its default.
 */
class RxPathOptionsTest
{
    /** Per path: a misspelt key of its own, and the options it reads. */
    static Stream<Arguments> misspeltKeys()
    {
        return Stream.of(
            arguments("socket", "socket.rcvbf", SocketPathOptions.OPTIONS),
            arguments("socket-spin", "socket.max-datagram", SocketPathOptions.OPTIONS),
            arguments("recvmmsg", "mmsg.bacth", RecvmmsgOptions.OPTIONS),
            arguments("io-uring", "uring.sqpol", IoUringOptions.OPTIONS),
            arguments("io-uring", "socket.ss", SocketPathOptions.OPTIONS),
            arguments("kring", "kring.slot", KringOptions.OPTIONS),
            arguments("af-xdp", "xdp.mdoe", AfXdpOptions.OPTIONS),
            arguments("dpdk", "dpdk.rxdescs", DpdkOptions.OPTIONS));
    }

    /** Per path: a key, a value it refuses, and what the refusal says is valid. */
    static Stream<Arguments> badValues()
    {
        return Stream.of(
            arguments("socket", "socket.rcvbuf", "8M", "4096.."),
            arguments("socket-spin", "socket.ssm", "yes", "true|false"),
            arguments("recvmmsg", "mmsg.batch", "0", "1..1024"),
            arguments("recvmmsg", "socket.maxDatagram", "-1", "64..65536"),
            arguments("io-uring", "uring.taskrun", "sometimes", "defer|coop|ipi"),
            arguments("io-uring", "uring.buffers", "100", "a power of two"),
            arguments("kring", "kring.slots", "1000", "a power of two 2..65536"),
            arguments("kring", "kring.slot-size", "128", "a power of two 256..16384"),
            arguments("kring", "kring.wait", "sleep", "spin|poll"),
            arguments("af-xdp", "xdp.mode", "offload", "native|skb"),
            arguments("af-xdp", "xdp.bind", "fast", "auto|copy|zerocopy"),
            arguments("af-xdp", "xdp.frames", "1000", "a power of two"),
            arguments("af-xdp", "xdp.frame-size", "3000", "2048|4096"),
            arguments("dpdk", "dpdk.rxdesc", "lots", "32..16384"));
    }

    /** Per path: one of its options, its default, a good value and what that value reads as. */
    static Stream<Arguments> defaultsAndGoodValues()
    {
        return Stream.of(
            arguments(SocketPathOptions.RECEIVE_BUFFER, 8 << 20, "4194304", 4 << 20),
            arguments(SocketPathOptions.MAX_DATAGRAM, 2048, "9000", 9000),
            arguments(SocketPathOptions.SOURCE_SPECIFIC, false, "TRUE", true),
            arguments(RecvmmsgOptions.BATCH, 32, "64", 64),
            arguments(RecvmmsgOptions.BUSY_POLL_MICROS, 50, "0", 0),
            arguments(IoUringOptions.TASK_RUN, "defer", "coop", "coop"),
            arguments(IoUringOptions.SQPOLL_CPU, -1, "1", 1),
            arguments(IoUringOptions.BUFFERS, 256, "1024", 1024),
            arguments(KringOptions.SLOTS, 1024, "4096", 4096),
            arguments(KringOptions.SLOT_SIZE, 2048, "4096", 4096),
            arguments(KringOptions.WAIT, "spin", "POLL", "poll"),
            arguments(KringOptions.DEVICE, "", "/dev/wbring1", "/dev/wbring1"),
            arguments(AfXdpOptions.MODE, "native", "skb", "skb"),
            arguments(AfXdpOptions.FRAMES, 4096, "1024", 1024),
            arguments(AfXdpOptions.OBJECT, "", "/tmp/wirebook_xdp.o", "/tmp/wirebook_xdp.o"),
            arguments(DpdkOptions.MBUFS, 8191, "4095", 4095),
            arguments(DpdkOptions.PROMISCUOUS, false, "true", true));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("misspeltKeys")
    void anUnknownKeyFailsTheOpenNamingEveryValidKey(final String path, final String key, final PathOptions valid)
    {
        final RxPath opened = RxPaths.create(path);
        try
        {
            assertThatThrownBy(() -> opened.open(config(Map.of(key, "1")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown option " + key + " for ")
                .hasMessageContaining("; valid: " + valid.valid()).hasMessageNotContaining("\n");
        }
        finally
        {
            opened.close();
        }
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @MethodSource("badValues")
    void aBadValueFailsTheOpenNamingTheValidValues(
        final String path, final String key, final String value, final String valid)
    {
        final RxPath opened = RxPaths.create(path);
        try
        {
            assertThatThrownBy(() -> opened.open(config(Map.of(key, value))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key + "=" + value)
                .hasMessageContaining("valid: " + valid).hasMessageNotContaining("\n");
        }
        finally
        {
            opened.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaultsAndGoodValues")
    void anAbsentOptionIsItsDefaultAndAGoodValueIsRead(
        final PathOption<?> option, final Object defaultValue, final String good, final Object read)
    {
        assertThat(option.from(Map.of())).isEqualTo(defaultValue);
        assertThat(option.from(Map.of(option.key(), good))).isEqualTo(read);
        assertThat(RxPathOptions.ALL.stream().filter(group -> group.options().contains(option))).hasSize(1);
    }

    @Test
    void theCommandLineCheckTakesEveryPathsOptionsAndTheHandlers()
    {
        assertThatCode(() -> RxPathOptions.check(Map.of("xdp.mode", "skb", "dpdk.vdev", "net_af_packet0,iface=a",
            "uring.sqpoll", "true", "socket.ssm", "true", "mmsg.batch", "8", "recovery.line-wait-us", "100",
            "counters.dir", "/tmp"))).doesNotThrowAnyException();
        for (final PathOptions group : RxPathOptions.ALL)
        {
            assertThatCode(() -> group.check(Map.of("recovery.line-wait-us", "oops", "counters.dir", "/tmp")))
                .as("%s leaves the handler's options to it", group.readBy()).doesNotThrowAnyException();
        }
    }

    @Test
    void theCommandLineCheckRefusesATypoOfAnyPathAnUnknownPrefixAndABadRecoveryValue()
    {
        assertThatThrownBy(() -> RxPathOptions.check(Map.of("xdp.mdoe", "skb")))
            .hasMessageStartingWith("unknown option xdp.mdoe for af-xdp; valid: xdp.mode (native|skb), ");
        assertThatThrownBy(() -> RxPathOptions.check(Map.of("uring.taskrun", "never")))
            .hasMessage("bad value uring.taskrun=never; valid: defer|coop|ipi");
        assertThatThrownBy(() -> RxPathOptions.check(Map.of("xpd.mode", "skb")))
            .hasMessageStartingWith("unknown option xpd.mode; valid: the options of a path (socket.*, mmsg.*, "
                + "uring.*, kring.*, xdp.*, dpdk.*), recovery.* and counters.dir");
        assertThatThrownBy(() -> RxPathOptions.check(Map.of(RecoveryConfig.PREFIX + "line-wait-us", "soon")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line-wait-us");
    }

    @Test
    void theHelpListsEveryOptionWithItsDefault()
    {
        final String help = RxPathOptions.help();
        for (final PathOptions group : RxPathOptions.ALL)
        {
            assertThat(help).contains("  " + group.readBy() + ":");
            for (final PathOption<?> option : group.options())
            {
                assertThat(help).contains(option.key() + "=" + option.values() + " (default " + option.defaultText()
                    + ")").contains(option.help());
            }
        }
    }

    private static RxConfig config(final Map<String, String> options)
    {
        return new RxConfig(List.of(Channel.of("239.1.1.1", 12345)), "lo", 0x7F000001, -1, options);
    }
}
