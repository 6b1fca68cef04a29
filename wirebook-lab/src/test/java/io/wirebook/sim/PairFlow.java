package io.wirebook.sim;

import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchWriter;
import org.agrona.MutableDirectBuffer;

/** A test flow: a Stock Directory for each instrument, then Add Order / Order Delete pairs dealt over them. */
final class PairFlow implements MessageSource
{
    private final int instruments;
    private final long limit;
    private long produced;
    private int lastLocate;

    PairFlow(final int instruments, final long limit)
    {
        this.instruments = instruments;
        this.limit = limit;
    }

    @Override
    public int next(final MutableDirectBuffer buffer, final int offset)
    {
        if (produced >= limit)
        {
            return 0;
        }
        final long n = produced++;
        if (n < instruments)
        {
            lastLocate = (int)n + 1;
            return ItchWriter.stockDirectory(buffer, offset, lastLocate, 0, 0, ItchWriter.stock("S" + lastLocate), 100);
        }
        final long m = n - instruments;
        final long pair = m / 2;
        lastLocate = (int)(pair % instruments) + 1;
        if ((m & 1) == 0)
        {
            return ItchWriter.addOrder(buffer, offset, lastLocate, 0, 0, pair + 1, ItchMessages.BUY, 100,
                0x5445535420202020L, 10_000);
        }
        return ItchWriter.orderDelete(buffer, offset, lastLocate, 0, 0, pair + 1);
    }

    @Override
    public int lastStockLocate()
    {
        return lastLocate;
    }
}
