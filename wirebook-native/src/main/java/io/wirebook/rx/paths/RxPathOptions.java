package io.wirebook.rx.paths;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.wirebook.feed.FeedHandler;
import io.wirebook.feed.RecoveryConfig;
import io.wirebook.rx.PathOptions;
import io.wirebook.rx.dpdk.DpdkOptions;
import io.wirebook.rx.kring.KringOptions;
import io.wirebook.rx.mmsg.RecvmmsgOptions;
import io.wirebook.rx.socket.SocketPathOptions;
import io.wirebook.rx.uring.IoUringOptions;
import io.wirebook.rx.xdp.AfXdpOptions;

/**
 * Every path's options in one list, for the command line: one check of a whole {@code --option} map before anything
 * runs, and the help. Each path checks its own again when it opens (a library user has no command line).
 */
public final class RxPathOptions
{
    /** Each path's options, in the order the help lists them. */
    public static final List<PathOptions> ALL = List.of(SocketPathOptions.OPTIONS, RecvmmsgOptions.OPTIONS,
        IoUringOptions.OPTIONS, KringOptions.OPTIONS, AfXdpOptions.OPTIONS, DpdkOptions.OPTIONS);

    private RxPathOptions()
    {
    }

    /**
     * Checks every key of {@code options}: a path's option must be one it knows, with a valid value, whichever path
     * reads it (a bench run hands one map to every path, and each reads only its own); so must a
     * {@code recovery.*} option; {@code counters.dir} is the handler's; any other key is unknown.
     *
     * @throws IllegalArgumentException one line naming the key or value and what is valid.
     */
    public static void check(final Map<String, String> options)
    {
        for (final PathOptions group : ALL)
        {
            group.check(options);
        }
        RecoveryConfig.from(options);
        for (final String key : options.keySet())
        {
            if (!isPathOrHandlerKey(key))
            {
                throw new IllegalArgumentException("unknown option " + key + "; valid: the options of a path ("
                    + ALL.stream().map(PathOptions::prefix).collect(Collectors.joining("*, ")) + "*), "
                    + RecoveryConfig.PREFIX + "* and " + FeedHandler.Builder.COUNTERS_DIR_OPTION
                    + " (see wirebook receive --help)");
            }
        }
    }

    /** Every path's options, grouped by the paths that read them, for a command's help. */
    public static String help()
    {
        final StringBuilder help = new StringBuilder();
        for (final PathOptions group : ALL)
        {
            help.append("  ").append(group.readBy()).append(':').append(System.lineSeparator()).append(group.help(4));
        }
        return help.toString();
    }

    private static boolean isPathOrHandlerKey(final String key)
    {
        return key.startsWith(RecoveryConfig.PREFIX) || key.equals(FeedHandler.Builder.COUNTERS_DIR_OPTION)
            || ALL.stream().anyMatch(group -> group.owns(key));
    }
}
