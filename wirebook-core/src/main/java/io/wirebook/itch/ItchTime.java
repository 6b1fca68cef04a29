package io.wirebook.itch;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/** ITCH timestamps, nanoseconds since midnight, to and from the time of day people type and read. */
public final class ItchTime
{
    private ItchTime()
    {
    }

    /**
     * Parses {@code HH:MM[:SS[.fraction]]}, up to nine digits of fraction.
     *
     * @throws IllegalArgumentException with a message that shows the form, when {@code text} is not a time of day.
     */
    public static long parse(final String text)
    {
        try
        {
            return LocalTime.parse(text).toNanoOfDay();
        }
        catch (final DateTimeParseException ex)
        {
            throw new IllegalArgumentException("not a time of day: '" + text + "'; give HH:MM:SS.nnnnnnnnn, " +
                "e.g. 10:30:00.000", ex);
        }
    }

    /** {@code HH:MM:SS.nnnnnnnnn}. */
    public static String format(final long nanosSinceMidnight)
    {
        final long seconds = nanosSinceMidnight / 1_000_000_000L;
        return String.format("%02d:%02d:%02d.%09d", seconds / 3600, seconds / 60 % 60, seconds % 60,
            nanosSinceMidnight % 1_000_000_000L);
    }
}
