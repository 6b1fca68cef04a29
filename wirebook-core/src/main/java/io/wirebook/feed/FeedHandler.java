package io.wirebook.feed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.wirebook.book.BookListener;
import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.itch.ItchListener;
import io.wirebook.rx.Channel;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.stats.HostClock;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;

/**
 * A market-data feed handler: it takes MoldUDP64/ITCH 5.0 packets off one receive path, keeps the order books of
 * every instrument and tells the user's {@link BookListener} when a top-10 depth view changed.
 *
 * <pre>{@code
 * FeedHandler feed = FeedHandler.builder()
 *     .channel("239.1.1.1", 12345)
 *     .path(RxPaths.create("af-xdp"))
 *     .interfaceName("eth1").interfaceAddress("10.0.0.2")
 *     .listener(book -> strategy.onDepth(book))
 *     .build();
 * feed.start();
 * }</pre>
 *
 * <p>Either {@link #start()} opens the path and runs the poll loop on a thread of its own, or the caller opens it
 * with {@link #open()} and drives {@link #doWork()} from a loop of its own (the Agrona {@code Agent} style). The
 * path is opened on the thread that polls it, after that thread is pinned: DPDK binds its lcore, and io_uring and
 * AF_XDP their rings, to the opening thread. Books and counters belong to the poll thread; read them from another
 * thread only after {@link #close()}.
 */
public final class FeedHandler implements AutoCloseable
{
    private final RxPath path;
    private final RxConfig config;
    private final ChannelState[] channels;
    private final Books books;
    private final PacketProcessor processor;
    private final IdleStrategy idleStrategy;
    private final PollStalls stalls = new PollStalls();
    private final boolean warmWhileIdle;
    private final Runnable onPollThreadStart;
    private volatile boolean running;
    private Thread pollThread;
    private volatile Throwable pollFailure;

    private FeedHandler(final Builder builder, final RxPath path, final RxConfig config)
    {
        this.path = path;
        this.config = config;
        final List<Channel> list = config.channels();
        channels = new ChannelState[list.size()];
        for (int i = 0; i < channels.length; i++)
        {
            channels[i] = new ChannelState(i, list.get(i), builder.maxStockLocate);
        }
        books = new Books(builder.maxStockLocate, builder.expectedOrders);
        if (builder.listener != null)
        {
            books.listener(builder.listener);
        }
        processor = new PacketProcessor(channels, new BookUpdater(books), builder.itchListener);
        warmWhileIdle = builder.warmWhileIdle;
        idleStrategy = builder.idleStrategy != null ? builder.idleStrategy :
            path.spins() ? new BusySpinIdleStrategy() : NoOpIdleStrategy.INSTANCE;
        onPollThreadStart = builder.onPollThreadStart;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** Polls the path once; returns the number of datagrams handled. For callers that run their own loop. */
    public int doWork()
    {
        return path.poll(processor);
    }

    /**
     * Opens the path on the calling thread, for callers that drive {@link #doWork()} themselves.
     *
     * @throws RxUnavailableException when this host cannot run the path; the message says why and the fix.
     */
    public void open() throws RxUnavailableException
    {
        path.open(config);
    }

    /**
     * Starts a thread named {@code wirebook-poll} that pins itself, opens the path and polls it; returns once the
     * path is open.
     *
     * @throws RxUnavailableException when this host cannot run the path; the message says why and the fix.
     */
    public synchronized void start() throws RxUnavailableException
    {
        if (pollThread != null)
        {
            throw new IllegalStateException("already started");
        }
        running = true;
        final java.util.concurrent.CompletableFuture<Void> opened = new java.util.concurrent.CompletableFuture<>();
        pollThread = new Thread(() -> pollLoop(opened), "wirebook-poll");
        pollThread.setDaemon(true);
        pollThread.start();
        try
        {
            opened.get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the path opened", ex);
        }
        catch (final java.util.concurrent.ExecutionException ex)
        {
            running = false;
            if (ex.getCause() instanceof RxUnavailableException unavailable)
            {
                throw unavailable;
            }
            if (ex.getCause() instanceof RuntimeException runtime)
            {
                throw runtime;
            }
            throw new IllegalStateException(ex.getCause());
        }
    }

    private void pollLoop(final java.util.concurrent.CompletableFuture<Void> opened)
    {
        try
        {
            if (onPollThreadStart != null)
            {
                onPollThreadStart.run();
            }
            path.open(config);
        }
        catch (final Throwable t)
        {
            running = false;
            opened.completeExceptionally(t);
            return;
        }
        opened.complete(null);
        try
        {
            final RxPath path = this.path;
            final PacketProcessor processor = this.processor;
            final IdleStrategy idle = idleStrategy;
            if (path.spins())
            {
                final PollStalls stalls = this.stalls;
                long last = HostClock.nanos();
                while (running)
                {
                    final int work = path.poll(processor);
                    idle.idle(work);
                    final long now = HostClock.nanos();
                    if (work == 0)
                    {
                        stalls.emptyIteration(now - last);
                        if (warmWhileIdle)
                        {
                            books.warmNext();
                        }
                    }
                    last = now;
                }
            }
            else
            {
                while (running)
                {
                    idle.idle(path.poll(processor));
                }
            }
        }
        catch (final Throwable t)
        {
            pollFailure = t;
            running = false;
        }
    }

    /** Stops the poll loop (if started) and waits for it. */
    public void stop()
    {
        running = false;
        final Thread thread = pollThread;
        if (thread != null && thread != Thread.currentThread())
        {
            try
            {
                thread.join(5_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Stops polling and closes the receive path (on this thread). The books and counters stay readable.
     *
     * @throws IllegalStateException if the poll thread did not stop within 5 s (a listener that blocks): the path
     *                               is then left open rather than freed under a thread still using it.
     */
    @Override
    public void close()
    {
        stop();
        final Thread thread = pollThread;
        if (thread != null && thread != Thread.currentThread() && thread.isAlive())
        {
            throw new IllegalStateException("the poll thread did not stop within 5 s (is a listener blocking?); " +
                "the receive path was left open");
        }
        path.close();
    }

    /** The error that ended the poll loop, or null. */
    public Throwable pollFailure()
    {
        return pollFailure;
    }

    public boolean isRunning()
    {
        return running;
    }

    /**
     * When the poll thread did not run, for a path that {@link RxPath#spins() spins} (empty for one that blocks, or
     * one driven through {@link #doWork()}).
     */
    public PollStalls pollStalls()
    {
        return stalls;
    }

    public Thread pollThread()
    {
        return pollThread;
    }

    public RxPath path()
    {
        return path;
    }

    public Books books()
    {
        return books;
    }

    public int channelCount()
    {
        return channels.length;
    }

    public ChannelState channel(final int index)
    {
        return channels[index];
    }

    /** Whether every channel has seen its MoldUDP64 End of Session. */
    public boolean allEnded()
    {
        for (final ChannelState channel : channels)
        {
            if (!channel.ended())
            {
                return false;
            }
        }
        return true;
    }

    /** Builds a {@link FeedHandler}: channels and a path are required, the rest has defaults. */
    public static final class Builder
    {
        private final List<Channel> channels = new ArrayList<>();
        private final Map<String, String> options = new HashMap<>();
        private RxPath path;
        private String interfaceName = "lo";
        private int interfaceAddress = 0;
        private int cpu = -1;
        private IdleStrategy idleStrategy;
        private boolean warmWhileIdle = true;
        private BookListener listener;
        private ItchListener itchListener;
        private Runnable onPollThreadStart;
        private int maxStockLocate = 65_535;
        private int expectedOrders = 1 << 20;

        public Builder channel(final String group, final int port)
        {
            return channel(Channel.of(group, port));
        }

        public Builder channel(final Channel channel)
        {
            channels.add(channel);
            return this;
        }

        public Builder channels(final List<Channel> channels)
        {
            this.channels.addAll(channels);
            return this;
        }

        /** The receive path: socket, socket-spin, recvmmsg, io-uring, af-xdp or dpdk. */
        public Builder path(final RxPath path)
        {
            this.path = path;
            return this;
        }

        /** The interface the feed arrives on (multicast joins and raw-frame paths use it). */
        public Builder interfaceName(final String name)
        {
            this.interfaceName = name;
            return this;
        }

        /** The IPv4 address of that interface, for IP_ADD_MEMBERSHIP. */
        public Builder interfaceAddress(final String dotted)
        {
            this.interfaceAddress = Channel.parseIpv4(dotted);
            return this;
        }

        /** The CPU the poll thread should run on; passed to the path in {@link RxConfig#cpu()}. */
        public Builder cpu(final int cpu)
        {
            this.cpu = cpu;
            return this;
        }

        /** A path-specific option, e.g. {@code dpdk.vdev}. */
        public Builder option(final String key, final String value)
        {
            options.put(key, value);
            return this;
        }

        /** What the poll loop does when a poll found nothing. Default: busy-spin for spinning paths. */
        public Builder idleStrategy(final IdleStrategy idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        /**
         * Whether a spinning poll loop, while nothing arrives, keeps the books' best levels in cache
         * ({@link Books#warmNext()}). On by default: it cut the time to apply a message by about 40% in the lab.
         */
        public Builder warmWhileIdle(final boolean warmWhileIdle)
        {
            this.warmWhileIdle = warmWhileIdle;
            return this;
        }

        /** Convenience: a backoff idle strategy for hosts that cannot spare a core. */
        public Builder backoff()
        {
            return idleStrategy(new BackoffIdleStrategy());
        }

        /** Told after each change that touched a top-10 depth view. */
        public Builder listener(final BookListener listener)
        {
            this.listener = listener;
            return this;
        }

        /** Sees every accepted ITCH message after the books applied it (trades, system events...). */
        public Builder itchListener(final ItchListener itchListener)
        {
            this.itchListener = itchListener;
            return this;
        }

        /** Runs first on the poll thread: pin it to a CPU here (e.g. {@code io.wirebook.sys.Libc.pinCurrentThread}). */
        public Builder onPollThreadStart(final Runnable action)
        {
            this.onPollThreadStart = action;
            return this;
        }

        public Builder maxStockLocate(final int maxStockLocate)
        {
            this.maxStockLocate = maxStockLocate;
            return this;
        }

        /** Sizes the order table up front so that growing it does not happen while measuring. */
        public Builder expectedOrders(final int expectedOrders)
        {
            this.expectedOrders = expectedOrders;
            return this;
        }

        /** Builds the handler; the path opens in {@link FeedHandler#start()} or {@link FeedHandler#open()}. */
        public FeedHandler build()
        {
            Objects.requireNonNull(path, "path");
            final RxConfig config = new RxConfig(channels, interfaceName, interfaceAddress, cpu, options);
            return new FeedHandler(this, path, config);
        }
    }
}
