package io.wirebook.lab;

import java.io.IOException;
import java.nio.file.Path;

import io.wirebook.binaryfile.FileBooks;

/**
 * A BinaryFILE the bench publishes instead of the simulated flow ({@code bench --replay FILE}), with what the file
 * itself says the books end as: built offline from the file before the run, so that each path's
 * {@code books_match_file} compares the books it built off the wire with those of the file.
 *
 * @param file       the file, plain or gzipped.
 * @param messages   the ITCH messages it holds, System Events included.
 * @param bookDigest the digest ({@link BookDigest}) of the books the whole file builds.
 * @param firstTimestamp the ITCH timestamp of the file's first message (nanoseconds since midnight).
 * @param lastTimestamp  that of its last.
 * @param speed      0: published evenly at the run's rate; above 0: paced by the file's own timestamps at this many
 *                   times their pace ({@code publish --replay-speed}).
 */
public record Replay(Path file, long messages, String bookDigest, long firstTimestamp, long lastTimestamp,
    double speed)
{
    /** A replay at the run's rate, without the file's times. */
    public Replay(final Path file, final long messages, final String bookDigest)
    {
        this(file, messages, bookDigest, 0, 0, 0);
    }

    /** Reads the whole file once and builds its books; it is published at the run's rate. */
    public static Replay of(final Path file) throws IOException
    {
        final FileBooks books = FileBooks.build(file, Long.MAX_VALUE);
        return new Replay(file, books.applied() + books.malformed(),
            BookDigest.of(books.books(), books.books().maxStockLocate()), Math.max(0, books.firstTimestamp()),
            Math.max(0, books.lastTimestamp()), 0);
    }

    /** The same file paced by its own timestamps at {@code speed} (0: at the run's rate). */
    public Replay atSpeed(final double speed)
    {
        return new Replay(file, messages, bookDigest, firstTimestamp, lastTimestamp, speed);
    }

    /**
     * The measured seconds the whole file takes, with one to spare: its time span over the speed, or, at the run's
     * rate, its messages over {@code rateMsgs}.
     */
    public double secondsAt(final long rateMsgs)
    {
        if (speed > 0)
        {
            return Math.ceil((lastTimestamp - firstTimestamp) / 1e9 / speed) + 1;
        }
        return Math.ceil((double)messages / rateMsgs) + 1;
    }
}
