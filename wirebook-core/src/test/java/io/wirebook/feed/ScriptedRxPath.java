package io.wirebook.feed;

import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A receive path of a unit test's making: its poll plays what the test scripts, with an arrival stamp, on a host
 * that has nothing to open or close. Subclasses give the poll.
 */
abstract class ScriptedRxPath implements RxPath
{
    private final String name;

    ScriptedRxPath(final String name)
    {
        this.name = name;
    }

    /** The one-channel feed of the handler's unit tests, over {@code path}: 100 instruments, 1,024 orders. */
    static FeedHandler.Builder oneChannelFeed(final RxPath path)
    {
        return FeedHandler.builder()
            .channel("239.1.1.1", 12345)
            .path(path)
            .maxStockLocate(100)
            .expectedOrders(1024);
    }

    /** A buffer of the path's own holding a copy of {@code packet}, which the path may rewrite as it replays it. */
    static UnsafeBuffer copyOf(final byte[] packet)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[packet.length]);
        buffer.putBytes(0, packet);
        return buffer;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public void open(final RxConfig config)
    {
    }

    @Override
    public boolean hasArrivalStamp()
    {
        return true;
    }

    @Override
    public void close()
    {
    }
}
