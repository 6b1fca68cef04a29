package io.wirebook.sim;

import io.wirebook.itch.ItchWriter;
import org.agrona.concurrent.UnsafeBuffer;

/** Valid ITCH messages of several lengths, each carrying its own sequence number, for store and server tests. */
final class StoredMessages
{
    private StoredMessages()
    {
    }

    /** Writes message {@code sequenceNumber} at 0 and returns its length: 19, 23, 31 or 36 bytes. */
    static int write(final UnsafeBuffer buffer, final long sequenceNumber)
    {
        final int locate = 1 + (int)(sequenceNumber % 7);
        return switch ((int)(sequenceNumber % 4))
        {
            case 0 -> ItchWriter.orderDelete(buffer, 0, locate, 1, sequenceNumber, sequenceNumber);
            case 1 -> ItchWriter.orderCancel(buffer, 0, locate, 2, sequenceNumber, sequenceNumber, 100);
            case 2 -> ItchWriter.orderExecuted(buffer, 0, locate, 3, sequenceNumber, sequenceNumber, 100, 9);
            default -> ItchWriter.addOrder(
                buffer, 0, locate, 4, sequenceNumber, sequenceNumber, (byte)'S', 100, ItchWriter.stock("WB"), 10_000);
        };
    }

    /** A store of messages 1..{@code count}. */
    static MessageStore store(final long count)
    {
        final MessageStore store = new MessageStore();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        for (long sequenceNumber = 1; sequenceNumber <= count; sequenceNumber++)
        {
            store.append(buffer, 0, write(buffer, sequenceNumber));
        }
        return store;
    }
}
