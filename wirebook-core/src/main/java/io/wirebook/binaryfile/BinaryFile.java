package io.wirebook.binaryfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * NASDAQ's BinaryFILE format, the form in which its ITCH days are distributed: each message behind a 2-byte
 * big-endian length, back to back, with no other framing; usually gzipped ({@code .gz}).
 */
public final class BinaryFile
{
    /** The size of the length in front of each message. */
    public static final int LENGTH_PREFIX = 2;
    /** The largest message a 2-byte length can describe. */
    public static final int MAX_MESSAGE_LENGTH = 0xFFFF;

    private static final int GZIP_MAGIC_1 = 0x1F;
    private static final int GZIP_MAGIC_2 = 0x8B;

    private BinaryFile()
    {
    }

    /** Whether {@code file} is written gzipped: by its name, as NASDAQ names its files. */
    public static boolean gzippedByName(final Path file)
    {
        return file.getFileName().toString().endsWith(".gz");
    }

    /** Whether the stream, marked at its start, begins with gzip's magic bytes; the stream is reset after. */
    static boolean gzippedByContent(final InputStream in) throws IOException
    {
        in.mark(2);
        final int first = in.read();
        final int second = in.read();
        in.reset();
        return first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2;
    }
}
