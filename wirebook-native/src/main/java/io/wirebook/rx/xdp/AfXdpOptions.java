package io.wirebook.rx.xdp;

import java.util.Locale;

import io.wirebook.rx.PathOption;
import io.wirebook.rx.PathOptions;
import io.wirebook.rx.RxConfig;

/** The options of the {@code af-xdp} path, with defaults and help. */
public final class AfXdpOptions
{
    public static final PathOption<String> MODE = PathOption.choice("xdp.mode", "native",
        "where the XDP program runs: in the driver, or after the kernel built an skb", "native", "skb");
    public static final PathOption<String> BIND = PathOption.choice("xdp.bind", "auto",
        "AF_XDP bind: zero-copy where the driver has it, else copy (auto), or insist on one", "auto", "copy",
        "zerocopy");
    public static final PathOption<Integer> FRAMES = PathOption.powerOfTwo("xdp.frames", 4096, 64, 1 << 18,
        "UMEM frames per interface (also the fill and RX ring sizes)");
    public static final PathOption<Integer> FRAME_SIZE = PathOption.oneOf("xdp.frame-size", 4096,
        "bytes per UMEM frame", 2048, 4096);
    public static final PathOption<Boolean> HUGE_PAGES = PathOption.flag("xdp.hugepages", true,
        "UMEM on 2 MiB pages (4 KiB pages, with a warning, when none are free)");
    public static final PathOption<Integer> QUEUE = PathOption.integer("xdp.queue", 0, 0, 1023,
        "the RX queue bound, on every interface");
    public static final PathOption<Boolean> BUSY_POLL = PathOption.flag("xdp.busy-poll", false,
        "preferred busy polling: the poll thread runs the interface's NAPI (recvfrom on an empty ring; "
            + "napi_defer_hard_irqs and gro_flush_timeout set while open)");
    public static final PathOption<String> OBJECT = PathOption.text("xdp.object", "PATH",
        "the class-path resource bpf/wirebook_xdp.o", "the compiled XDP program");

    public static final PathOptions OPTIONS = new PathOptions(AfXdpRxPath.NAME, "xdp.",
        MODE, BIND, FRAMES, FRAME_SIZE, HUGE_PAGES, QUEUE, BUSY_POLL, OBJECT);

    private AfXdpOptions()
    {
    }

    /**
     * Checks every {@code xdp.*} option and reads the socket settings from them.
     *
     * @throws IllegalArgumentException naming an unknown key or a bad value, and what is valid.
     */
    static XdpInterface.Settings settings(final RxConfig config)
    {
        OPTIONS.check(config);
        return new XdpInterface.Settings(MODE.from(config).equals("native"),
            XskSocket.BindMode.valueOf(BIND.from(config).toUpperCase(Locale.ROOT)), QUEUE.from(config),
            FRAMES.from(config), FRAME_SIZE.from(config), HUGE_PAGES.from(config), BUSY_POLL.from(config));
    }
}
