package io.wirebook.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import io.wirebook.stats.HostClock;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A bounded single-producer ring that a thread of its own drains into a file: how the poll thread hands work that
 * may block (a disk write) to another thread without blocking, allocating or locking itself. The producer claims,
 * fills and commits records through {@link #ring()}; a full ring is the producer's to count. The thread writes
 * each record to the {@link Sink}, flushes it when idle for {@link #IDLE_FLUSH_NANOS} (so the file can be
 * followed), and on {@link #close()} drains what is left and closes the sink.
 *
 * <p>Used by the packet capture and the BinaryFILE recorder.
 */
public final class RingDrain implements AutoCloseable
{
    /** An idle sink is flushed this long after its last write. */
    public static final long IDLE_FLUSH_NANOS = 100_000_000L;
    private static final int DRAIN_BATCH = 256;

    /** Where the records go; called on the drain thread only. */
    public interface Sink
    {
        /** Writes the record at {@code offset} in {@code buffer}, {@code length} bytes. */
        void write(MutableDirectBuffer buffer, int offset, int length) throws IOException;

        /** Whether written records wait in a buffer of the sink's, for {@link #flush()} when idle. */
        default boolean hasPending()
        {
            return false;
        }

        default void flush() throws IOException
        {
        }

        /** Called after each drain that wrote, and after close: the place to publish a bytes-written count. */
        default void afterWrite()
        {
        }

        void close() throws IOException;
    }

    private final String description;
    private final RingBuffer ring;
    private final Sink sink;
    private final Thread thread;
    private final MessageHandler handler = this::onRecord;
    private volatile boolean running = true;
    private volatile IOException failure;
    private IOException recordFailure;
    private boolean closed;

    /**
     * @param ringBytes   the ring's size, rounded down to a power of two (at least 4096).
     * @param threadName  the drain thread's name; it inherits the creating thread's CPU affinity.
     * @param description what {@link #close()} names when the sink failed, e.g. {@code packet capture to F}.
     */
    public RingDrain(final int ringBytes, final String threadName, final String description, final Sink sink)
    {
        final int capacity = Integer.highestOneBit(Math.max(ringBytes, 4096));
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
        this.sink = sink;
        this.description = description;
        this.thread = new Thread(this::drainUntilClosed, threadName);
        this.thread.setDaemon(true);
    }

    public RingBuffer ring()
    {
        return ring;
    }

    /** Starts the drain thread; until then records wait in the ring. */
    public RingDrain start()
    {
        thread.start();
        return this;
    }

    /**
     * Stops the thread once it has drained the ring, closes the sink, and waits. Idempotent.
     *
     * @throws UncheckedIOException when the sink failed at some point (nothing was written after that).
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        running = false;
        if (thread.getState() == Thread.State.NEW)
        {
            thread.start();
        }
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        if (failure != null)
        {
            throw new UncheckedIOException(description + " failed", failure);
        }
    }

    private void drainUntilClosed()
    {
        final IdleStrategy idle = new SleepingMillisIdleStrategy(1);
        long lastWrite = HostClock.nanos();
        try
        {
            while (running)
            {
                final int drained = drainOnce();
                if (drained > 0)
                {
                    lastWrite = HostClock.nanos();
                    sink.afterWrite();
                }
                else if (sink.hasPending() && HostClock.nanos() - lastWrite > IDLE_FLUSH_NANOS)
                {
                    sink.flush();
                    sink.afterWrite();
                }
                idle.idle(drained);
            }
            while (drainOnce() > 0)
            {
                // What the producer committed before close.
            }
            sink.close();
            sink.afterWrite();
        }
        catch (final IOException ex)
        {
            failure = ex;
            try
            {
                sink.close();
            }
            catch (final IOException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
        }
    }

    private int drainOnce() throws IOException
    {
        final int drained = ring.read(handler, DRAIN_BATCH);
        if (recordFailure != null)
        {
            throw recordFailure;
        }
        return drained;
    }

    private void onRecord(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (recordFailure != null)
        {
            return;
        }
        try
        {
            sink.write(buffer, index, length);
        }
        catch (final IOException ex)
        {
            recordFailure = ex;
        }
    }
}
