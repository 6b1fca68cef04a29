package io.wirebook.sim;

import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageStoreTest
{
    private final UnsafeBuffer expected = new UnsafeBuffer(new byte[64]);
    private final UnsafeBuffer actual = new UnsafeBuffer(new byte[64]);

    @Test
    void startsEmpty()
    {
        final MessageStore store = new MessageStore();

        assertThat(store.size()).isZero();
        assertThatThrownBy(() -> store.copy(1, actual, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void keepsEveryMessageAcrossChunksAndIndexBlocks()
    {
        // 150k messages of ~27 bytes: four data chunks of 1 MiB and three index blocks.
        final long count = 150_000;
        final MessageStore store = StoredMessages.store(count);

        assertThat(store.size()).isEqualTo(count);
        for (long sequenceNumber = 1; sequenceNumber <= count; sequenceNumber++)
        {
            assertSame(store, sequenceNumber);
        }
        assertThatThrownBy(() -> store.copy(0, actual, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> store.copy(count + 1, actual, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aPreallocatedStoreHoldsTheSameAndGrowsBeyondIt()
    {
        final MessageStore store = new MessageStore(70_000, 2 << 20);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        for (long sequenceNumber = 1; sequenceNumber <= 150_000; sequenceNumber++)
        {
            store.append(buffer, 0, StoredMessages.write(buffer, sequenceNumber));
        }

        assertThat(store.size()).isEqualTo(150_000);
        for (long sequenceNumber = 1; sequenceNumber <= 150_000; sequenceNumber++)
        {
            assertSame(store, sequenceNumber);
        }
    }

    @Test
    void copiesAtAnOffset()
    {
        final MessageStore store = StoredMessages.store(3);
        final UnsafeBuffer dst = new UnsafeBuffer(new byte[128]);

        final int length = store.copy(3, dst, 17);

        assertThat(length).isEqualTo(StoredMessages.write(expected, 3));
        for (int i = 0; i < length; i++)
        {
            assertThat(dst.getByte(17 + i)).isEqualTo(expected.getByte(i));
        }
    }

    @Test
    void refusesEmptyAndOverlongMessages()
    {
        final MessageStore store = new MessageStore();
        final UnsafeBuffer big = new UnsafeBuffer(new byte[70_000]);

        assertThatThrownBy(() -> store.append(big, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.append(big, 0, 65_536)).isInstanceOf(IllegalArgumentException.class);
        store.append(big, 0, 65_535);
        assertThat(store.length(1)).isEqualTo(65_535);
    }

    @Test
    void aReaderSeesEveryMessageUpToTheSizeItReadWhole() throws Exception
    {
        final long count = 300_000;
        final MessageStore store = new MessageStore();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread reader = new Thread(() ->
        {
            final UnsafeBuffer want = new UnsafeBuffer(new byte[64]);
            final UnsafeBuffer got = new UnsafeBuffer(new byte[64]);
            long seen = 0;
            try
            {
                while (seen < count)
                {
                    final long size = store.size();
                    if (size == 0)
                    {
                        continue;
                    }
                    // Check the newest message and one behind it: both were published before size.
                    for (final long sequenceNumber : new long[]{size, Math.max(1, size / 2)})
                    {
                        final int length = store.copy(sequenceNumber, got, 0);
                        final int wantLength = StoredMessages.write(want, sequenceNumber);
                        if (length != wantLength || !equal(got, want, length))
                        {
                            throw new AssertionError("message " + sequenceNumber + " torn at size " + size);
                        }
                    }
                    seen = size;
                }
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        });
        reader.start();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        for (long sequenceNumber = 1; sequenceNumber <= count; sequenceNumber++)
        {
            store.append(buffer, 0, StoredMessages.write(buffer, sequenceNumber));
        }
        reader.join(30_000);

        assertThat(reader.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
    }

    private void assertSame(final MessageStore store, final long sequenceNumber)
    {
        final int length = StoredMessages.write(expected, sequenceNumber);
        assertThat(store.length(sequenceNumber)).isEqualTo(length);
        assertThat(store.copy(sequenceNumber, actual, 0)).isEqualTo(length);
        assertThat(equal(actual, expected, length)).as("message %d", sequenceNumber).isTrue();
    }

    private static boolean equal(final UnsafeBuffer a, final UnsafeBuffer b, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (a.getByte(i) != b.getByte(i))
            {
                return false;
            }
        }
        return true;
    }
}
