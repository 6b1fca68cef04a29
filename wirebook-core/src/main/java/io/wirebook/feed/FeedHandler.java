package io.wirebook.feed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import io.wirebook.binaryfile.BinaryFileRecorder;
import io.wirebook.book.BookListener;
import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.capture.PacketCapture;
import io.wirebook.counters.CountersFile;
import io.wirebook.counters.HandlerCounters;
import io.wirebook.itch.ItchListener;
import io.wirebook.recovery.RequestClient;
import io.wirebook.recovery.SnapshotClient;
import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.stats.HostClock;
import io.wirebook.strategy.MarketEvent;
import io.wirebook.strategy.OrderRoute;
import io.wirebook.strategy.OrderSender;
import io.wirebook.strategy.Strategy;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;

/**
 * A market-data feed handler: it takes MoldUDP64/ITCH 5.0 packets off one receive path, on one or two lines per
 * channel, sequences them (recovering what is missing from the other line, the request server or a snapshot), keeps
 * the order books of every instrument and tells the user's {@link BookListener} when a top-10 depth view changed,
 * and its {@link ChannelListener} whenever a channel's books can or cannot be trusted.
 *
 * <pre>{@code
 * FeedHandler feed = FeedHandler.builder()
 *     .interfaceName("eth1").interfaceAddress("10.0.0.2").source("10.0.0.1", 12344)
 *     .channel("239.1.1.1", 12345).lineB("239.1.2.1", 12345)
 *     .requestServer("10.0.0.1", 12400).snapshotServer("10.0.0.1", 12500)
 *     .lineBInterface("eth2", "10.0.1.2").lineBSource("10.0.1.1", 12344)
 *     .path(RxPaths.create("af-xdp"))
 *     .cpu(3)
 *     .listener(book -> strategy.onDepth(book))
 *     .build();
 * feed.start();
 * }</pre>
 *
 * <p>It is an Agrona {@link Agent}: {@link #start()} runs it on an {@link AgentRunner} of its own, on a thread named
 * {@code wirebook-poll}; or the caller runs it on an {@code AgentRunner} of its own, or opens it with
 * {@link #onStart()} and calls {@link #doWork()} from a loop of its own. Each gets the same behaviour: one
 * {@code doWork()} polls the path once, drives recovery, times the poll thread's stalls and warms the books while
 * idle. The path opens on the thread that polls it, after that thread is pinned: DPDK binds its lcore, and io_uring
 * and AF_XDP their rings, to the opening thread. Books belong to the poll thread; read them from another thread
 * only after {@link #close()}, except what says it is safe to read from any thread. The counters
 * ({@link #counters()}) are safe to read from anywhere: they live in a file in {@code /dev/shm} that
 * {@code wirebook stat} reads from another process while the handler runs.
 */
public final class FeedHandler implements Agent, AutoCloseable
{
    private final RxPath path;
    private final RxConfig config;
    private final ChannelState[] channels;
    private final ChannelRecovery[] recoveries;
    private final Books books;
    private final PacketProcessor processor;
    private final IdleStrategy idleStrategy;
    /** How often the counters the kernel or NIC keeps are read into the counters file. */
    static final long COUNTER_REFRESH_NANOS = 1_000_000_000L;

    private final HandlerCounters counters;
    private final PollStalls stalls;
    private final boolean spins;
    private final boolean warmWhileIdle;
    private final int cpu;
    private final Runnable onPollThreadStart;
    private final ErrorHandler errorHandler;
    private final ListenerGuard guard;
    private final boolean stopOnPathError;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final Path captureFile;
    private final BinaryFileRecorder recorder;
    private final StrategyDispatch strategy;
    private final OrderRoute orderRoute;
    private volatile PacketCapture capture;
    private long lastWorkNanos = HostClock.nanos();
    private long nextCounterRefreshNanos;
    private volatile boolean running;
    private volatile boolean closeRequested;
    private boolean open;
    private boolean closed;
    private boolean pollingNow;
    private volatile Thread pollThread;
    private AgentRunner runner;
    private volatile Throwable pollFailure;

    private FeedHandler(final Builder builder, final RxPath path, final RxConfig config)
    {
        this.path = path;
        this.config = config;
        counters = config.counters();
        stalls = new PollStalls(counters);
        books = new Books(builder.maxStockLocate, builder.expectedOrders, builder.channels.size(), counters);
        channels = new ChannelState[builder.channels.size()];
        for (int i = 0; i < channels.length; i++)
        {
            channels[i] = new ChannelState(i, builder.channels.get(i).lineA, counters, books.rejections(),
                builder.secondWindows);
        }
        errorHandler = builder.errorHandler != null ? builder.errorHandler :
            new RepeatLimitedErrorLog(System.getLogger(FeedHandler.class.getName()), System::currentTimeMillis);
        final MarketEvent event = builder.strategy != null ? new MarketEvent() : null;
        strategy = builder.strategy != null ? new StrategyDispatch(builder.strategy, event) : null;
        orderRoute = builder.orderRoute;
        guard = new ListenerGuard(errorHandler, builder.stopOnListenerError, bookListeners(builder.listener, strategy),
            counters.handler("errors"));
        if (builder.listener != null || strategy != null)
        {
            books.listener(guard);
        }
        stopOnPathError = builder.stopOnPathError;
        recorder = builder.recordFile != null ? openRecorder(builder.recordFile, counters) : null;
        processor = new PacketProcessor(channels, config.flows(), new BookUpdater(books), builder.itchListener,
            recorder, guard, event);
        final RecoveryConfig recovery = builder.recovery != null ? builder.recovery :
            RecoveryConfig.from(config.options());
        recoveries = new ChannelRecovery[channels.length];
        for (int i = 0; i < channels.length; i++)
        {
            final ChannelSpec spec = builder.channels.get(i);
            recoveries[i] = new ChannelRecovery(channels[i], processor, books, builder.channelListener, guard,
                recovery, requestClient(spec, builder, counters, i), snapshotClient(spec, builder, recovery),
                processor.replyFlow(i), spec.lineB != null, counters);
            channels[i].recovery = recoveries[i];
            channels[i].sequencer = recoveries[i].sequencer();
        }
        spins = path.spins();
        warmWhileIdle = builder.warmWhileIdle;
        idleStrategy = builder.idleStrategy != null ? builder.idleStrategy :
            spins ? new BusySpinIdleStrategy() : NoOpIdleStrategy.INSTANCE;
        cpu = builder.cpu;
        onPollThreadStart = builder.onPollThreadStart;
        captureFile = builder.captureFile;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** The user's listener, then the strategy: both see the same change. */
    private static BookListener bookListeners(final BookListener user, final StrategyDispatch strategy)
    {
        if (strategy == null)
        {
            return user != null ? user : book -> { };
        }
        if (user == null)
        {
            return strategy;
        }
        return book ->
        {
            user.onDepthChanged(book);
            strategy.onDepthChanged(book);
        };
    }

    /** The poll thread's name as tools see it (the lab finds the thread by it; Linux keeps 15 characters). */
    @Override
    public String roleName()
    {
        return "wirebook-poll";
    }

    /**
     * Pins the calling thread (if a CPU was given) and opens the path on it: the agent's start, also for callers
     * that drive {@link #doWork()} themselves.
     *
     * @throws UnavailablePathException when this host cannot run the path; its cause says why and the fix.
     */
    @Override
    public void onStart()
    {
        pollThread = Thread.currentThread();
        try
        {
            // Before pinning: the capture's writer thread inherits this thread's CPUs and must not share the poll CPU.
            openCapture();
            if (cpu >= 0)
            {
                pinCurrentThread(cpu);
            }
            if (onPollThreadStart != null)
            {
                onPollThreadStart.run();
            }
            path.open(capture != null ? config.withCapture(capture) : config);
            openOrderRoute();
            open = true;
            lastWorkNanos = HostClock.nanos();
            nextCounterRefreshNanos = lastWorkNanos + COUNTER_REFRESH_NANOS;
            opened.complete(null);
        }
        catch (final RxUnavailableException ex)
        {
            closeCapture();
            closeRecorder();
            opened.completeExceptionally(ex);
            throw new UnavailablePathException(ex);
        }
        catch (final RuntimeException | Error ex)
        {
            closeCapture();
            closeRecorder();
            opened.completeExceptionally(ex);
            throw ex;
        }
    }

    /** The strategy's orders leave through the open path's transmitter, so the route opens after the path. */
    private void openOrderRoute() throws RxUnavailableException
    {
        if (strategy == null)
        {
            return;
        }
        try
        {
            strategy.orders(orderRoute.open(path));
        }
        catch (final RxUnavailableException | RuntimeException ex)
        {
            path.close();
            throw ex;
        }
    }

    private void openCapture()
    {
        if (captureFile != null && capture == null)
        {
            try
            {
                capture = PacketCapture.open(captureFile, PacketCapture.DEFAULT_RING_BYTES, counters);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot open the capture file " + captureFile, ex);
            }
        }
    }

    private static BinaryFileRecorder openRecorder(final Path file, final HandlerCounters counters)
    {
        try
        {
            return BinaryFileRecorder.open(file, BinaryFileRecorder.DEFAULT_RING_BYTES, counters);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the recording file " + file, ex);
        }
    }

    /** After the path closed: nothing hands the recorder messages any more, so it drains and closes its file. */
    private void closeRecorder()
    {
        if (recorder != null)
        {
            try
            {
                recorder.close();
            }
            catch (final UncheckedIOException ex)
            {
                errorHandler.onError(ex);
            }
        }
    }

    /** After the path closed: nothing calls the capture any more, so it drains, flushes and closes its file. */
    private void closeCapture()
    {
        final PacketCapture capture = this.capture;
        if (capture != null)
        {
            try
            {
                capture.close();
            }
            catch (final UncheckedIOException ex)
            {
                errorHandler.onError(ex);
            }
        }
    }

    /**
     * Opens the path on the calling thread, for callers that drive {@link #doWork()} themselves.
     *
     * @throws RxUnavailableException when this host cannot run the path; the message says why and the fix.
     */
    public void open() throws RxUnavailableException
    {
        try
        {
            onStart();
        }
        catch (final UnavailablePathException ex)
        {
            throw ex.getCause();
        }
    }

    /**
     * One iteration of the poll loop: polls the path once, drives every channel's recovery, and while nothing
     * came, times the poll thread's stall and warms the books. Returns the work done (0 when idle).
     *
     * @throws IllegalStateException after {@link #close()}, or before the path was opened.
     */
    @Override
    public int doWork()
    {
        if (!open)
        {
            throw new IllegalStateException(closed ? "the feed handler is closed" :
                "the feed handler is not open: call open() or start() first");
        }
        pollingNow = true;
        try
        {
            return pollOnce();
        }
        finally
        {
            pollingNow = false;
        }
    }

    private int pollOnce()
    {
        int work;
        try
        {
            work = path.poll(processor);
        }
        catch (final RuntimeException ex)
        {
            if (stopOnPathError)
            {
                pollFailure = ex;
                throw new AgentTerminationException(ex);
            }
            guard.report(ex);
            work = 0;
        }
        final long now = HostClock.nanos();
        for (final ChannelRecovery recovery : recoveries)
        {
            work += recovery.doWork(now);
        }
        if (spins)
        {
            if (work == 0)
            {
                stalls.emptyIteration(now - lastWorkNanos);
                if (warmWhileIdle)
                {
                    books.warmNext();
                }
            }
            lastWorkNanos = now;
        }
        if (now >= nextCounterRefreshNanos)
        {
            nextCounterRefreshNanos = now + COUNTER_REFRESH_NANOS;
            path.refreshCounters();
        }
        if (guard.stopRequested())
        {
            pollFailure = new IllegalStateException("stopped after a listener error (stopOnListenerError)");
            throw new AgentTerminationException(pollFailure);
        }
        if (closeRequested)
        {
            if (runner != null)
            {
                // The runner ends its loop and closes the path in onClose, on this thread.
                throw new AgentTerminationException("close() called on the poll thread");
            }
            closeNow();
        }
        return work;
    }

    /** Closes the path and the recovery sockets, on the thread that polled them. */
    @Override
    public void onClose()
    {
        closeNow();
    }

    /**
     * Starts a thread named {@code wirebook-poll} that runs this agent on an {@link AgentRunner}: it pins itself,
     * opens the path and polls it; returns once the path is open.
     *
     * @throws RxUnavailableException when this host cannot run the path; the message says why and the fix.
     */
    public synchronized void start() throws RxUnavailableException
    {
        if (runner != null)
        {
            throw new IllegalStateException("already started");
        }
        running = true;
        runner = new AgentRunner(idleStrategy, this::onRunnerError, null, this);
        AgentRunner.startOnThread(runner, r -> new Thread(r, "wirebook-poll"));
        try
        {
            opened.get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the path opened", ex);
        }
        catch (final ExecutionException ex)
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

    private void onRunnerError(final Throwable t)
    {
        if (closeRequested && t instanceof AgentTerminationException && t.getCause() == null)
        {
            return;
        }
        final Throwable cause = t instanceof AgentTerminationException && t.getCause() != null ? t.getCause() : t;
        if (t instanceof AgentTerminationException || t instanceof UnavailablePathException)
        {
            running = false;
            if (pollFailure == null && !(t instanceof UnavailablePathException))
            {
                pollFailure = cause;
            }
        }
        if (!(t instanceof UnavailablePathException))
        {
            errorHandler.onError(cause);
        }
    }

    /** Stops the poll loop (if started) and waits for it. From the poll thread itself, it asks and returns. */
    public void stop()
    {
        running = false;
        final AgentRunner runner = this.runner;
        if (runner != null && Thread.currentThread() != pollThread)
        {
            runner.close(5_000, thread -> { });
        }
        else if (runner != null)
        {
            closeRequested = true;
        }
    }

    /**
     * Stops polling and closes the receive path; the books and counters stay readable. Called from the poll thread
     * (a listener), it is deferred: the path closes after the current poll returns, on that thread.
     *
     * @throws IllegalStateException if the poll thread did not stop within 5 s (a listener that blocks): the path
     *                               is then left open rather than freed under a thread still using it.
     */
    @Override
    public void close()
    {
        final Thread thread = pollThread;
        if (thread == Thread.currentThread() && pollingNow)
        {
            closeRequested = true;
            running = false;
            return;
        }
        running = false;
        if (runner != null)
        {
            runner.close(5_000, t -> { });
            if (!runner.isClosed())
            {
                throw new IllegalStateException("the poll thread did not stop within 5 s (is a listener blocking?); " +
                    "the receive path was left open");
            }
        }
        closeNow();
    }

    private void closeNow()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        open = false;
        final OrderSender orders = strategy != null ? strategy.orders() : null;
        if (orders != null)
        {
            strategy.orders(null);
            orders.close();
        }
        path.close();
        closeCapture();
        closeRecorder();
        for (final ChannelRecovery recovery : recoveries)
        {
            recovery.close();
        }
        counters.close();
    }

    /** The error that ended the poll loop, or null. */
    public Throwable pollFailure()
    {
        return pollFailure;
    }

    public boolean isRunning()
    {
        return running && (runner == null || !runner.isClosed());
    }

    /** Errors the user's listeners threw, and recovery failures; each went to the error handler. */
    public long errors()
    {
        return guard.errors();
    }

    /**
     * When the poll thread did not run, for a path that {@link RxPath#spins() spins} (empty for one that blocks).
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

    /**
     * The packet capture ({@link Builder#capture(Path)}) once the handler opened, else null. Its counters are safe
     * to read from any thread; after {@link #close()} the file is complete.
     */
    public PacketCapture capture()
    {
        return capture;
    }

    /** The strategy's order sender ({@link Builder#strategy}) once the handler opened, else null. */
    public OrderSender orderSender()
    {
        return strategy != null ? strategy.orders() : null;
    }

    /** The BinaryFILE recorder ({@link Builder#record(Path)}), or null. */
    public BinaryFileRecorder recorder()
    {
        return recorder;
    }

    public RxConfig config()
    {
        return config;
    }

    /**
     * Every counter of the handler, its path and its channels; live in shared memory while the handler runs
     * ({@link HandlerCounters#file()}), and still readable here after it closed.
     */
    public HandlerCounters counters()
    {
        return counters;
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

    private static RequestClient requestClient(final ChannelSpec spec, final Builder builder,
        final HandlerCounters counters, final int channel)
    {
        if (spec.requestServer == null)
        {
            return null;
        }
        try
        {
            return new RequestClient(spec.requestServer,
                builder.recoveryLocalAddress == 0 ? null : address(builder.recoveryLocalAddress), counters, channel);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the request socket to " + spec.requestServer, ex);
        }
    }

    private static SnapshotClient snapshotClient(final ChannelSpec spec, final Builder builder,
        final RecoveryConfig recovery)
    {
        return spec.snapshotServer == null ? null : new SnapshotClient(spec.snapshotServer, builder.snapshotUser,
            builder.snapshotPassword, recovery.snapshotTimeoutNanos());
    }

    private static InetAddress address(final int hostOrder)
    {
        try
        {
            return InetAddress.getByAddress(new byte[] {
                (byte)(hostOrder >>> 24), (byte)(hostOrder >>> 16), (byte)(hostOrder >>> 8), (byte)hostOrder});
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Pins the calling thread through wirebook-native's {@code Libc}, when it is on the class path: the core has no
     * native code of its own.
     */
    private static void pinCurrentThread(final int cpu)
    {
        final Method pin = Pinning.METHOD;
        if (pin == null)
        {
            throw new IllegalStateException("cpu(" + cpu + ") needs wirebook-native on the class path " +
                "(io.wirebook.sys.Libc); fix: add it, or pin the thread in onPollThreadStart");
        }
        try
        {
            pin.invoke(null, cpu);
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalStateException(ex);
        }
        catch (final InvocationTargetException ex)
        {
            throw ex.getCause() instanceof RuntimeException r ? r : new IllegalStateException(ex.getCause());
        }
    }

    private static final class Pinning
    {
        static final Method METHOD = find();

        private static Method find()
        {
            try
            {
                return Class.forName("io.wirebook.sys.Libc").getMethod("pinCurrentThread", int.class);
            }
            catch (final ReflectiveOperationException | LinkageError ex)
            {
                return null;
            }
        }
    }

    /** The path cannot run on this host: thrown from {@link #onStart()}, which may not throw checked exceptions. */
    public static final class UnavailablePathException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        UnavailablePathException(final RxUnavailableException cause)
        {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized RxUnavailableException getCause()
        {
            return (RxUnavailableException)super.getCause();
        }
    }

    /** One channel as the builder collects it. */
    private static final class ChannelSpec
    {
        final Channel lineA;
        Channel lineB;
        InetSocketAddress requestServer;
        InetSocketAddress snapshotServer;

        ChannelSpec(final Channel lineA)
        {
            this.lineA = lineA;
        }
    }

    /** Builds a {@link FeedHandler}: channels and a path are required, the rest has defaults. */
    public static final class Builder
    {
        /** The option that moves the counters file's directory. */
        public static final String COUNTERS_DIR_OPTION = "counters.dir";
        private static final int BASE_COUNTERS = 256;
        private static final int COUNTERS_PER_CHANNEL = 64;
        private static final AtomicLong HANDLERS_MADE = new AtomicLong();

        private final List<ChannelSpec> channels = new ArrayList<>();
        private final Map<String, String> options = new HashMap<>();
        private RxPath path;
        private String interfaceName = "lo";
        private int interfaceAddress = 0;
        private int source = Flow.ANY_SOURCE;
        private int sourcePort = Flow.ANY_PORT;
        private String lineBInterfaceName;
        private int lineBInterfaceAddress = 0;
        private int lineBSource = Flow.ANY_SOURCE;
        private int lineBSourcePort = Flow.ANY_PORT;
        private int recoveryLocalAddress = 0;
        private String snapshotUser = "";
        private String snapshotPassword = "";
        private RecoveryConfig recovery;
        private int cpu = -1;
        private IdleStrategy idleStrategy;
        private boolean warmWhileIdle = true;
        private BookListener listener;
        private Strategy strategy;
        private OrderRoute orderRoute;
        private ItchListener itchListener;
        private ChannelListener channelListener;
        private ErrorHandler errorHandler;
        private boolean stopOnListenerError;
        private boolean stopOnPathError = true;
        private Runnable onPollThreadStart;
        private int maxStockLocate = 65_535;
        private int expectedOrders = 1 << 20;
        private int secondWindows;
        private Path countersDirectory;
        private Path countersFile;
        private boolean countersInMemory;
        private Path captureFile;
        private Path recordFile;

        /** Adds a channel: its line-A group and port. */
        public Builder channel(final String group, final int port)
        {
            return channel(Channel.of(group, port));
        }

        public Builder channel(final Channel channel)
        {
            channels.add(new ChannelSpec(channel));
            return this;
        }

        public Builder channels(final List<Channel> channels)
        {
            channels.forEach(this::channel);
            return this;
        }

        /** Line B of the channel added last: the same packets on another group (and usually another interface). */
        public Builder lineB(final String group, final int port)
        {
            return lineB(Channel.of(group, port));
        }

        public Builder lineB(final Channel channel)
        {
            last("lineB").lineB = channel;
            return this;
        }

        /** The MoldUDP64 request server of the channel added last (unicast UDP). */
        public Builder requestServer(final String address, final int port)
        {
            last("requestServer").requestServer = new InetSocketAddress(address, port);
            return this;
        }

        /** The GLIMPSE-style snapshot server (SoupBinTCP) of the channel added last. */
        public Builder snapshotServer(final String address, final int port)
        {
            last("snapshotServer").snapshotServer = new InetSocketAddress(address, port);
            return this;
        }

        /**
         * The local address the request socket binds to (default: the kernel picks it by route). Keep recovery off
         * an interface a bypass path owns: the kernel would never see the replies.
         */
        public Builder recoveryLocalAddress(final String dotted)
        {
            this.recoveryLocalAddress = Channel.parseIpv4(dotted);
            return this;
        }

        /** The snapshot server's SoupBinTCP login (empty by default). */
        public Builder snapshotLogin(final String user, final String password)
        {
            this.snapshotUser = user;
            this.snapshotPassword = password;
            return this;
        }

        /** The receive path: socket, socket-spin, recvmmsg, io-uring, kring, af-xdp or dpdk. */
        public Builder path(final RxPath path)
        {
            this.path = path;
            return this;
        }

        /** The interface line A arrives on (multicast joins and raw-frame paths use it). */
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

        /** The only source line A's packets are accepted from; any port. */
        public Builder source(final String dotted)
        {
            return source(dotted, Flow.ANY_PORT);
        }

        /** The only source address and UDP port line A's packets are accepted from. */
        public Builder source(final String dotted, final int port)
        {
            this.source = Channel.parseIpv4(dotted);
            this.sourcePort = port;
            return this;
        }

        /** The interface line B arrives on, and its address (default: line A's). */
        public Builder lineBInterface(final String name, final String dotted)
        {
            this.lineBInterfaceName = name;
            this.lineBInterfaceAddress = Channel.parseIpv4(dotted);
            return this;
        }

        /** The only source address and UDP port line B's packets are accepted from. */
        public Builder lineBSource(final String dotted, final int port)
        {
            this.lineBSource = Channel.parseIpv4(dotted);
            this.lineBSourcePort = port;
            return this;
        }

        /** Recovery settings; by default read from the {@code recovery.*} options. */
        public Builder recovery(final RecoveryConfig recovery)
        {
            this.recovery = recovery;
            return this;
        }

        /** The CPU the poll thread pins itself to (needs wirebook-native); also passed to the path. */
        public Builder cpu(final int cpu)
        {
            this.cpu = cpu;
            return this;
        }

        /** A path-specific option, e.g. {@code dpdk.vdev}, or a {@code recovery.*} setting. */
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
         * ({@link Books#warmNext()}), so that the next message finds them there. On by default.
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

        /**
         * A strategy told of every top-10 change on the poll thread, with the message that made it and a sender of
         * OUCH orders over {@code route} (opened after the path, on the poll thread: a UDP route sends through the
         * path's own transmitter). A path or route that cannot send makes the handler unavailable.
         */
        public Builder strategy(final Strategy strategy, final OrderRoute route)
        {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            this.orderRoute = Objects.requireNonNull(route, "route");
            return this;
        }

        /** Sees every accepted ITCH message after the books applied it (trades, system events...). */
        public Builder itchListener(final ItchListener itchListener)
        {
            this.itchListener = itchListener;
            return this;
        }

        /** Told of every channel's state changes, gaps, recoveries, losses, snapshots and line changes. */
        public Builder channelListener(final ChannelListener channelListener)
        {
            this.channelListener = channelListener;
            return this;
        }

        /** Where errors go: listener exceptions, path failures, failed snapshots. Default: System.Logger. */
        public Builder errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        /** Whether a listener's exception stops the poll loop (default false: reported, and the loop goes on). */
        public Builder stopOnListenerError(final boolean stop)
        {
            this.stopOnListenerError = stop;
            return this;
        }

        /** Whether a receive path's failure stops the poll loop (default true; false: reported, loop goes on). */
        public Builder stopOnPathError(final boolean stop)
        {
            this.stopOnPathError = stop;
            return this;
        }

        /** Runs first on the poll thread, after it is pinned. */
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

        /**
         * Also keep each channel's measurement second by second ({@link ChannelState#seconds()}): this many
         * one-second windows from Start of Market Hours, allocated at build. Default 0: none.
         */
        public Builder secondWindows(final int seconds)
        {
            if (seconds < 0)
            {
                throw new IllegalArgumentException("second windows must be >= 0, got " + seconds);
            }
            this.secondWindows = seconds;
            return this;
        }

        /**
         * The directory of the counters file ({@code wirebook-PID-N.counters}); default {@code /dev/shm}, or the
         * option {@code counters.dir}. Files left there by a handler that was killed are removed.
         */
        public Builder countersDirectory(final Path directory)
        {
            this.countersDirectory = directory;
            return this;
        }

        /** The counters file itself, for a reader that knows where to look. */
        public Builder countersFile(final Path file)
        {
            this.countersFile = file;
            return this;
        }

        /** Counters in this process's memory only: no file, nothing for {@code stat} to see. */
        public Builder countersInMemory()
        {
            this.countersInMemory = true;
            return this;
        }

        /**
         * Captures every packet the path receives, as received (before any filter), to a nanosecond pcap file
         * that tcpdump and tshark read: raw frames on af-xdp and dpdk, rebuilt Ethernet, IPv4 and UDP headers on
         * the socket paths; stamped with the path's arrival stamp where it has one. A writer thread of its own
         * drains a bounded ring; packets it has no room for are capture drops ({@link PacketCapture#droppedPackets()}),
         * never feed drops. The file opens with the path and is complete once the handler is closed.
         */
        public Builder capture(final Path file)
        {
            this.captureFile = file;
            return this;
        }

        /**
         * Records every ITCH message the handler applies, in order (after arbitration and recovery), as a BinaryFILE
         * ({@code .gz}: gzipped) that {@code wirebook book} reads: the poll thread copies each message into a ring,
         * the {@code wirebook-record} thread writes it. Messages it has no room for are recording drops
         * ({@code record.dropped}), never feed drops.
         */
        public Builder record(final Path file)
        {
            this.recordFile = file;
            return this;
        }

        /** Builds the handler; the path opens in {@link FeedHandler#start()} or {@link FeedHandler#open()}. */
        public FeedHandler build()
        {
            Objects.requireNonNull(path, "path");
            if (channels.isEmpty())
            {
                throw new IllegalArgumentException("at least one channel is needed: call channel(group, port)");
            }
            final List<Flow> flows = new ArrayList<>();
            for (int i = 0; i < channels.size(); i++)
            {
                flows.add(new Flow(i, Flow.LINE_A, channels.get(i).lineA, source, sourcePort, interfaceName,
                    interfaceAddress));
            }
            for (int i = 0; i < channels.size(); i++)
            {
                final Channel lineB = channels.get(i).lineB;
                if (lineB != null)
                {
                    flows.add(new Flow(i, Flow.LINE_B, lineB, lineBSource, lineBSourcePort,
                        lineBInterfaceName != null ? lineBInterfaceName : interfaceName,
                        lineBInterfaceName != null ? lineBInterfaceAddress : interfaceAddress));
                }
            }
            final RxConfig config = new RxConfig(flows, cpu, options, counters(), null);
            return new FeedHandler(this, path, config);
        }

        /** Where the counters go: a file of their own in the counters directory, unless told otherwise. */
        private HandlerCounters counters()
        {
            final int maxCounters = BASE_COUNTERS + COUNTERS_PER_CHANNEL * channels.size();
            if (countersInMemory)
            {
                return HandlerCounters.inMemory(maxCounters);
            }
            final Path file;
            if (countersFile != null)
            {
                file = countersFile;
            }
            else
            {
                final Path directory = countersDirectory != null ? countersDirectory :
                    Path.of(options.getOrDefault(COUNTERS_DIR_OPTION, CountersFile.DEFAULT_DIRECTORY.toString()));
                CountersFile.removeStale(directory);
                file = CountersFile.defaultFile(directory, HANDLERS_MADE.incrementAndGet());
            }
            return HandlerCounters.inFile(file, path.name(), maxCounters);
        }

        private ChannelSpec last(final String what)
        {
            if (channels.isEmpty())
            {
                throw new IllegalStateException(what + "() applies to the channel added last: call channel() first");
            }
            return channels.get(channels.size() - 1);
        }
    }
}
