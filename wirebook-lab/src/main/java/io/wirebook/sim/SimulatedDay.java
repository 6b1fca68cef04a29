package io.wirebook.sim;

import java.io.IOException;
import java.nio.file.Path;

import io.wirebook.binaryfile.BinaryFileWriter;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchWriter;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A simulated trading day written as a BinaryFILE: Start of Messages, of System Hours and of Market Hours, then the
 * profile's flow (its Stock Directory first), then the three ends. Deterministic from the seed.
 *
 * <ul>
 *   <li>{@code lab}: the lab's {@link OrderFlow}, timestamped from 09:30:00 at a steady rate, so a moment of the
 *   day maps to a message.</li>
 *   <li>{@code nasdaq}: a {@link NasdaqDay}, with its own clock from 09:30:00 to 16:00:00.</li>
 * </ul>
 */
public final class SimulatedDay
{
    /** 09:30:00, when NASDAQ's market hours start. */
    public static final long MARKET_OPEN = 9L * 3_600_000_000_000L + 30L * 60_000_000_000L;

    private static final byte[] OPENING_EVENTS = {
        ItchMessages.EVENT_START_OF_MESSAGES,
        ItchMessages.EVENT_START_OF_SYSTEM_HOURS,
        ItchMessages.EVENT_START_OF_MARKET_HOURS,
    };
    private static final byte[] CLOSING_EVENTS = {
        ItchMessages.EVENT_END_OF_MARKET_HOURS,
        ItchMessages.EVENT_END_OF_SYSTEM_HOURS,
        ItchMessages.EVENT_END_OF_MESSAGES,
    };

    private SimulatedDay()
    {
    }

    /**
     * The lab profile.
     *
     * @param messages the order flow's messages, its Stock Directory included (the six system events come on top).
     * @param rate     messages per second of the day's clock.
     * @return the messages written, system events included.
     */
    public static long writeLab(final Path file, final long seed, final int instruments, final long messages,
        final int rate) throws IOException
    {
        final OrderFlow flow = new OrderFlow(seed, instruments);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        final double nanosPerMessage = 1e9 / rate;
        try (BinaryFileWriter writer = open(file, message))
        {
            long timestamp = MARKET_OPEN;
            for (long i = 0; i < messages; i++)
            {
                timestamp = MARKET_OPEN + (long)(i * nanosPerMessage);
                final int length = flow.next(message, 0);
                ItchWriter.stampTimestamp(message, 0, timestamp);
                writer.write(message, 0, length);
            }
            close(writer, message, timestamp);
            return writer.messages();
        }
    }

    /**
     * The nasdaq profile.
     *
     * @param messages the day's messages, its Stock Directory included (the six system events come on top).
     * @return the day, run to its end: its figures (peak live orders, messages by type) can be read.
     */
    public static NasdaqDay writeNasdaq(final Path file, final long seed, final long messages) throws IOException
    {
        final NasdaqDay day = new NasdaqDay(seed, messages);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        try (BinaryFileWriter writer = open(file, message))
        {
            int length;
            while ((length = day.next(message, 0)) > 0)
            {
                ItchWriter.stampTimestamp(message, 0, day.lastTimestamp());
                writer.write(message, 0, length);
            }
            close(writer, message, day.lastTimestamp());
        }
        return day;
    }

    private static BinaryFileWriter open(final Path file, final UnsafeBuffer message) throws IOException
    {
        final BinaryFileWriter writer = BinaryFileWriter.create(file);
        for (final byte event : OPENING_EVENTS)
        {
            writer.write(message, 0, ItchWriter.systemEvent(message, 0, 0, MARKET_OPEN, event));
        }
        return writer;
    }

    private static void close(final BinaryFileWriter writer, final UnsafeBuffer message, final long timestamp)
        throws IOException
    {
        for (final byte event : CLOSING_EVENTS)
        {
            writer.write(message, 0, ItchWriter.systemEvent(message, 0, 0, timestamp, event));
        }
    }
}
