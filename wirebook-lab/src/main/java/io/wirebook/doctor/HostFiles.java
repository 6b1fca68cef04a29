package io.wirebook.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The host's /proc, /sys, /boot and /run files, read under a root directory: "/" on the host, a temporary tree in
 * tests. Every read tolerates absence: a file that is not there reads as null.
 */
public final class HostFiles
{
    private final Path root;

    public HostFiles(final Path root)
    {
        this.root = root;
    }

    public static HostFiles system()
    {
        return new HostFiles(Path.of("/"));
    }

    /** The file's text, or null when it is absent or unreadable. */
    public String read(final String path)
    {
        final byte[] bytes = readBytes(path);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The file's text without surrounding white space, or null. */
    public String readTrimmed(final String path)
    {
        final String text = read(path);
        return text == null ? null : text.strip();
    }

    /**
     * Reads in chunks from the first byte on: a /proc/sys integer read at an offset past 0 reads as empty, so the
     * one-byte first read that Files.readAllBytes makes of a file whose size is 0 would cut "300" to "3".
     */
    public byte[] readBytes(final String path)
    {
        try (InputStream in = Files.newInputStream(resolve(path)))
        {
            return in.readAllBytes();
        }
        catch (final IOException | SecurityException ex)
        {
            return null;
        }
    }

    public boolean exists(final String path)
    {
        return Files.exists(resolve(path));
    }

    /** The names in a directory, sorted; empty when it is absent. */
    public List<String> list(final String dir)
    {
        final List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(resolve(dir)))
        {
            entries.forEach(p -> names.add(p.getFileName().toString()));
        }
        catch (final IOException | SecurityException ex)
        {
            return List.of();
        }
        names.sort(null);
        return names;
    }

    private Path resolve(final String path)
    {
        return root.resolve(path.startsWith("/") ? path.substring(1) : path);
    }
}
