package io.wirebook.lab;

import java.util.Locale;

/**
 * The rate a publisher child is sending at, from the "SENT messages nanoTime" lines it prints once a second: what
 * the lab's progress line shows beside the rate asked (a flood run asks for more than can be sent).
 */
final class SendRate
{
    private long lastMessages = -1;
    private long lastNanos;
    private volatile double messagesPerSecond = Double.NaN;

    /** Takes one "SENT messages nanoTime" line; ignores a malformed one. */
    void onSentLine(final String line)
    {
        final String[] fields = line.trim().split(" ");
        if (fields.length != 3)
        {
            return;
        }
        try
        {
            final long messages = Long.parseLong(fields[1]);
            final long nanos = Long.parseLong(fields[2]);
            if (lastMessages >= 0 && nanos > lastNanos)
            {
                messagesPerSecond = (messages - lastMessages) * 1e9 / (nanos - lastNanos);
            }
            lastMessages = messages;
            lastNanos = nanos;
        }
        catch (final NumberFormatException ex)
        {
            // not a progress line after all
        }
    }

    /** The last measured rate, or NaN before two lines came. */
    double messagesPerSecond()
    {
        return messagesPerSecond;
    }

    /** "49,998 msg/s sent (50,000 asked)", or "starting (50,000 msg/s asked)" before the first rate. */
    String describe(final long asked)
    {
        final double rate = messagesPerSecond;
        return Double.isNaN(rate) ? String.format(Locale.ROOT, "starting (%,d msg/s asked)", asked) :
            String.format(Locale.ROOT, "%,.0f msg/s sent (%,d asked)", rate, asked);
    }
}
