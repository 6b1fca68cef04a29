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
 */
public record Replay(Path file, long messages, String bookDigest)
{
    /** Reads the whole file once and builds its books. */
    public static Replay of(final Path file) throws IOException
    {
        final FileBooks books = FileBooks.build(file, Long.MAX_VALUE);
        return new Replay(file, books.applied() + books.malformed(),
            BookDigest.of(books.books(), books.books().maxStockLocate()));
    }

    /** The measured seconds a run at {@code rateMsgs} needs to send the whole file, with one to spare. */
    public double secondsAt(final long rateMsgs)
    {
        return Math.ceil((double)messages / rateMsgs) + 1;
    }
}
