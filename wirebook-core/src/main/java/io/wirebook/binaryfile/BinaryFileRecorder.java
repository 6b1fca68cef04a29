package io.wirebook.binaryfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.util.RingDrain;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Records the ITCH messages a feed handler applies, in the order it applies them (each channel's stream after
 * arbitration and recovery, snapshot messages included), as a BinaryFILE that {@code wirebook book} and a replay
 * read back. The handler's packet processor hands it each message's bytes once the books applied it, on the poll
 * thread, which only copies them into a ring ({@link RingDrain}); the {@code wirebook-record} thread writes the
 * file. A full ring loses the
 * message from the recording (counted as {@code record.dropped}), never from the feed.
 */
public final class BinaryFileRecorder implements BinaryFileHandler, AutoCloseable
{
    /** 8 MiB of ring: about 0.2 s of the lab's four-feed scenario while the disk stalls. */
    public static final int DEFAULT_RING_BYTES = 8 << 20;
    private static final int MESSAGE = 1;

    private final Path file;
    private final RingDrain drain;
    private final RingBuffer ring;
    private final MutableDirectBuffer slots;
    private final AtomicCounter recorded;
    private final AtomicCounter dropped;
    private final AtomicCounter bytes;

    private BinaryFileRecorder(final Path file, final BinaryFileWriter writer, final int ringBytes,
        final HandlerCounters counters)
    {
        this.file = file;
        this.recorded = counters.record("messages");
        this.dropped = counters.record("dropped");
        this.bytes = counters.record("bytes");
        this.drain = new RingDrain(ringBytes, "wirebook-record", "recording to " + file, new RingDrain.Sink()
        {
            public void write(final MutableDirectBuffer buffer, final int offset, final int length)
                throws IOException
            {
                writer.write(buffer, offset, length);
            }

            public void afterWrite()
            {
                bytes.setRelease(writer.bytes());
            }

            public void close() throws IOException
            {
                writer.close();
            }
        });
        this.ring = drain.ring();
        this.slots = ring.buffer();
    }

    /**
     * Creates (or truncates) {@code file}, gzipped if its name ends in {@code .gz}, and starts the writer thread
     * (it inherits the calling thread's CPU affinity: open before pinning the poll thread).
     *
     * @param counters where it counts, as {@code record.*}: the handler's, so that {@code wirebook stat} shows them.
     */
    public static BinaryFileRecorder open(final Path file, final int ringBytes, final HandlerCounters counters)
        throws IOException
    {
        final BinaryFileRecorder recorder = openUnstarted(file, ringBytes, counters);
        recorder.drain.start();
        return recorder;
    }

    /** A recorder whose writer has not started: nothing drains the ring until {@link #close()}. */
    static BinaryFileRecorder openUnstarted(final Path file, final int ringBytes, final HandlerCounters counters)
        throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        return new BinaryFileRecorder(file, BinaryFileWriter.create(file), ringBytes, counters);
    }

    public Path file()
    {
        return file;
    }

    /** Messages put in the ring; after {@link #close()} all of them are in the file. */
    public long recordedMessages()
    {
        return recorded.get();
    }

    /** Messages not recorded for want of room in the ring. */
    public long droppedMessages()
    {
        return dropped.get();
    }

    /** Bytes (uncompressed) written to the file so far. */
    public long bytesWritten()
    {
        return bytes.get();
    }

    /** Drains the ring, closes the file and waits for the writer. Idempotent. */
    @Override
    public void close()
    {
        drain.close();
    }

    /** Records one applied message, {@code length} bytes at {@code offset}. Poll thread only. */
    @Override
    public void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        final int index = ring.tryClaim(MESSAGE, length);
        if (index < 0)
        {
            dropped.incrementRelease();
            return;
        }
        slots.putBytes(index, buffer, offset, length);
        ring.commit(index);
        recorded.incrementRelease();
    }
}
