package io.wirebook.vm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a cpio archive in the "newc" format, the one the kernel unpacks as an initramfs
 * (Documentation/driver-api/early-userspace/buffer-format.rst): per entry a 110-byte ASCII header of a magic and
 * thirteen 8-digit hex fields, the NUL-terminated name padded to 4 bytes, the data padded to 4 bytes; then the
 * entry "TRAILER!!!".
 */
final class Cpio implements AutoCloseable
{
    static final String MAGIC = "070701";
    static final String TRAILER = "TRAILER!!!";
    static final int MODE_DIRECTORY = 0040000;
    static final int MODE_FILE = 0100000;
    static final int MODE_SYMLINK = 0120000;
    static final int MODE_TYPE_MASK = 0170000;
    private static final int ALIGNMENT = 4;
    private static final int HEADER_LENGTH = 110;

    private final OutputStream out;
    private long written;
    private int nextInode = 1;

    Cpio(final OutputStream out)
    {
        this.out = out;
    }

    void directory(final String name) throws IOException
    {
        entry(name, MODE_DIRECTORY | 0755, new byte[0]);
    }

    void file(final String name, final int permissions, final byte[] data) throws IOException
    {
        entry(name, MODE_FILE | permissions, data);
    }

    void symlink(final String name, final String target) throws IOException
    {
        entry(name, MODE_SYMLINK | 0777, target.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the trailer; the stream stays open. */
    @Override
    public void close() throws IOException
    {
        entry(TRAILER, 0, new byte[0]);
        out.flush();
    }

    private void entry(final String name, final int mode, final byte[] data) throws IOException
    {
        final byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        final StringBuilder header = new StringBuilder(HEADER_LENGTH).append(MAGIC);
        hex(header, TRAILER.equals(name) ? 0 : nextInode++);   // c_ino
        hex(header, mode);                                     // c_mode
        hex(header, 0);                                        // c_uid
        hex(header, 0);                                        // c_gid
        hex(header, (mode & MODE_TYPE_MASK) == MODE_DIRECTORY ? 2 : 1);  // c_nlink
        hex(header, 0);                                        // c_mtime
        hex(header, data.length);                              // c_filesize
        hex(header, 0);                                        // c_devmajor
        hex(header, 0);                                        // c_devminor
        hex(header, 0);                                        // c_rdevmajor
        hex(header, 0);                                        // c_rdevminor
        hex(header, nameBytes.length);                         // c_namesize
        hex(header, 0);                                        // c_check
        write(header.toString().getBytes(StandardCharsets.US_ASCII));
        write(nameBytes);
        pad();
        write(data);
        pad();
    }

    private static void hex(final StringBuilder header, final long value)
    {
        final String digits = Long.toHexString(value);
        header.append("0".repeat(8 - digits.length())).append(digits);
    }

    private void write(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        written += bytes.length;
    }

    private void pad() throws IOException
    {
        while (written % ALIGNMENT != 0)
        {
            out.write(0);
            written++;
        }
    }
}
