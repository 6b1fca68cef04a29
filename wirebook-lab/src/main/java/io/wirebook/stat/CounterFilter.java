package io.wirebook.stat;

import java.util.regex.Pattern;

import io.wirebook.counters.CounterTypes;

/**
 * Which counters {@code stat} shows: those of one channel, of handlers on one path, or whose label matches a
 * regular expression. Each part left out takes everything.
 *
 * @param channel a channel index, or -1 for all; a channel filter also keeps counters that belong to no channel out.
 * @param path    a receive path name (socket, af-xdp...), or null for all.
 * @param label   a regular expression found in the label, or null for all.
 */
public record CounterFilter(int channel, String path, Pattern label)
{
    public static final CounterFilter ALL = new CounterFilter(-1, null, null);

    /** Whether a handler on {@code pathName} is shown at all. */
    public boolean takesHandler(final String pathName)
    {
        return path == null || path.equals(pathName);
    }

    /** Whether a counter of this type, channel key and label is shown. */
    public boolean takes(final int typeId, final int channelKey, final String counterLabel)
    {
        if (channel >= 0 && (typeId != CounterTypes.CHANNEL || channelKey != channel))
        {
            return false;
        }
        return label == null || label.matcher(counterLabel).find();
    }
}
