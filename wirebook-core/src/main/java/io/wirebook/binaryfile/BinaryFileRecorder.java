package io.wirebook.binaryfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.itch.AddOrder;
import io.wirebook.itch.ItchListener;
import io.wirebook.itch.ItchMessage;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.OrderCancel;
import io.wirebook.itch.OrderDelete;
import io.wirebook.itch.OrderExecuted;
import io.wirebook.itch.OrderExecutedWithPrice;
import io.wirebook.itch.OrderReplace;
import io.wirebook.itch.StockDirectory;
import io.wirebook.itch.SystemEvent;
import io.wirebook.itch.Trade;
import io.wirebook.util.RingDrain;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Records the ITCH messages a feed handler applies, in the order it applies them (each channel's stream after
 * arbitration and recovery, snapshot messages included), as a BinaryFILE that {@code wirebook book} and a replay
 * read back. As an {@link ItchListener} of the handler it runs on the poll thread, which only copies each message
 * into a ring ({@link RingDrain}); the {@code wirebook-record} thread writes the file. A full ring loses the
 * message from the recording (counted as {@code record.dropped}), never from the feed.
 */
public final class BinaryFileRecorder implements ItchListener, AutoCloseable
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

    @Override
    public void onSystemEvent(final SystemEvent message)
    {
        record(message);
    }

    @Override
    public void onStockDirectory(final StockDirectory message)
    {
        record(message);
    }

    @Override
    public void onAddOrder(final AddOrder message)
    {
        record(message);
    }

    @Override
    public void onOrderExecuted(final OrderExecuted message)
    {
        record(message);
    }

    @Override
    public void onOrderExecutedWithPrice(final OrderExecutedWithPrice message)
    {
        record(message);
    }

    @Override
    public void onOrderCancel(final OrderCancel message)
    {
        record(message);
    }

    @Override
    public void onOrderDelete(final OrderDelete message)
    {
        record(message);
    }

    @Override
    public void onOrderReplace(final OrderReplace message)
    {
        record(message);
    }

    @Override
    public void onTrade(final Trade message)
    {
        record(message);
    }

    @Override
    public void onOtherMessage(final byte messageType, final DirectBuffer buffer, final int offset, final int length)
    {
        record(buffer, offset, length);
    }

    private void record(final ItchMessage message)
    {
        record(message.buffer(), message.offset(), ItchMessages.lengthOf(message.messageType()));
    }

    /** Poll thread only. */
    private void record(final DirectBuffer buffer, final int offset, final int length)
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
