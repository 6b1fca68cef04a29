package io.wirebook.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Points file descriptors 1 and 2 at a file for a while: it catches what native code writes to stdout and stderr
 * (C stdio included) as well as System.out and System.err, which write to the same descriptors.
 */
public final class StdioCapture implements AutoCloseable
{
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final MethodHandle DUP = Libc.plain("dup", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle DUP2 = Libc.plain("dup2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CREAT = Libc.plain("creat", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FFLUSH = Libc.plain("fflush", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private final Path file;
    private final int savedOut;
    private final int savedErr;
    private boolean closed;

    private StdioCapture(final Path file, final int savedOut, final int savedErr)
    {
        this.file = file;
        this.savedOut = savedOut;
        this.savedErr = savedErr;
    }

    public static StdioCapture start() throws IOException
    {
        final Path file = Files.createTempFile("wirebook-stdio", ".txt");
        try (Arena arena = Arena.ofConfined())
        {
            flushAll();
            final int fd = (int)CREAT.invokeExact(arena.allocateFrom(file.toString()), 0600);
            final int savedOut = (int)DUP.invokeExact(STDOUT);
            final int savedErr = (int)DUP.invokeExact(STDERR);
            if (fd < 0 || savedOut < 0 || savedErr < 0)
            {
                throw new IOException("cannot redirect stdout and stderr");
            }
            final int out = (int)DUP2.invokeExact(fd, STDOUT);
            final int err = (int)DUP2.invokeExact(fd, STDERR);
            Libc.close(fd);
            final StdioCapture capture = new StdioCapture(file, savedOut, savedErr);
            if (out < 0 || err < 0)
            {
                capture.close();
                throw new IOException("cannot redirect stdout and stderr");
            }
            return capture;
        }
        catch (final IOException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IOException(t);
        }
    }

    /** Restores stdout and stderr and returns all that was written to them meanwhile. */
    public String stop() throws IOException
    {
        close();
        final String text = Files.readString(file);
        Files.deleteIfExists(file);
        return text;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            flushAll();
            final int out = (int)DUP2.invokeExact(savedOut, STDOUT);
            final int err = (int)DUP2.invokeExact(savedErr, STDERR);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
        Libc.close(savedOut);
        Libc.close(savedErr);
    }

    private static void flushAll() throws Throwable
    {
        System.out.flush();
        System.err.flush();
        final int flushed = (int)FFLUSH.invokeExact(MemorySegment.NULL);
    }
}
