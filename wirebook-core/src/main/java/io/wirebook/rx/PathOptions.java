package io.wirebook.rx;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The options of one key prefix ({@code xdp.}, {@code socket.}...): what a path's options class declares, checked
 * as a whole. A key of the prefix that none of them names is unknown; a key of another prefix belongs to another
 * path or to the handler ({@code recovery.*}, {@code counters.dir}) and is left alone, so one options map can
 * serve a feed handler, its path and a bench run over several paths.
 */
public final class PathOptions
{
    private final String readBy;
    private final String prefix;
    private final List<PathOption<?>> options;

    /**
     * @param readBy  the paths that read them, as the errors and the help name them (e.g. {@code af-xdp}).
     * @param prefix  the prefix every key starts with, dot included.
     * @param options the options, in the order the help lists them.
     */
    public PathOptions(final String readBy, final String prefix, final PathOption<?>... options)
    {
        this.readBy = readBy;
        this.prefix = prefix;
        this.options = List.of(options);
        for (final PathOption<?> option : options)
        {
            if (!option.key().startsWith(prefix))
            {
                throw new IllegalArgumentException(option.key() + " does not start with " + prefix);
            }
        }
    }

    public String readBy()
    {
        return readBy;
    }

    public String prefix()
    {
        return prefix;
    }

    public List<PathOption<?>> options()
    {
        return options;
    }

    /** Whether {@code key} has this group's prefix, known or not. */
    public boolean owns(final String key)
    {
        return key.startsWith(prefix);
    }

    /** The option of {@code key}, or null. */
    public PathOption<?> option(final String key)
    {
        for (final PathOption<?> option : options)
        {
            if (option.key().equals(key))
            {
                return option;
            }
        }
        return null;
    }

    /** @see #check(Map) */
    public void check(final RxConfig config)
    {
        check(config.options());
    }

    /**
     * Checks every key of this prefix in {@code values}: each must be one of the options, and its value must parse.
     *
     * @throws IllegalArgumentException one line: the unknown key and the valid ones, or the bad value and the valid
     *                                  values.
     */
    public void check(final Map<String, String> values)
    {
        for (final Map.Entry<String, String> entry : values.entrySet())
        {
            if (owns(entry.getKey()))
            {
                final PathOption<?> option = option(entry.getKey());
                if (option == null)
                {
                    throw new IllegalArgumentException("unknown option " + entry.getKey() + " for " + readBy
                        + "; valid: " + valid());
                }
                option.parse(entry.getValue());
            }
        }
    }

    /** Every option with the values it takes: {@code xdp.mode (native|skb), xdp.bind (auto|copy|zerocopy), ...}. */
    public String valid()
    {
        return options.stream().map(PathOption::describe).collect(Collectors.joining(", "));
    }

    /**
     * The help: per option a line {@code key=VALUES (default D)} and, indented below it, what it sets; all
     * indented by {@code indent} spaces.
     */
    public String help(final int indent)
    {
        final String margin = " ".repeat(indent);
        final StringBuilder help = new StringBuilder();
        for (final PathOption<?> option : options)
        {
            help.append(margin).append(option.key()).append('=').append(option.values())
                .append(" (default ").append(option.defaultText()).append(')').append(System.lineSeparator())
                .append(margin).append("    ").append(option.help()).append(System.lineSeparator());
        }
        return help.toString();
    }
}
