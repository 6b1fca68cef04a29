package io.wirebook.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;

/**
 * The life of a recovery server: its bound channel, served by a daemon thread of its own from {@link #start()} until
 * {@link #close()} closes the channel under it. The serving loop runs while {@link #running()}.
 */
final class ServerThread implements AutoCloseable
{
    private static final long JOIN_TIMEOUT_MS = 5_000;

    private final NetworkChannel channel;
    private final Thread thread;
    private volatile boolean running;

    /**
     * @param what  the server, as its bind error and thread name say it ("request server").
     * @param loop  serves the channel while {@link #running()}; a closed channel ends it.
     */
    private ServerThread(final String what, final NetworkChannel channel, final int port, final Runnable loop)
    {
        this.channel = channel;
        thread = new Thread(loop, "wirebook-" + what.replace(' ', '-') + "-" + port);
        thread.setDaemon(true);
    }

    /**
     * Binds the channel, or closes it and says which server could not bind where.
     *
     * @param reuseAddress set SO_REUSEADDR first: a TCP server binds again while old connections linger.
     */
    static ServerThread bind(
        final String what, final NetworkChannel channel, final InetSocketAddress bindAddress,
        final boolean reuseAddress, final Runnable loop) throws IOException
    {
        try
        {
            if (reuseAddress)
            {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            channel.bind(bindAddress);
        }
        catch (final IOException ex)
        {
            channel.close();
            throw new IOException(what + " cannot bind " + bindAddress + ": " + ex.getMessage(), ex);
        }
        return new ServerThread(what, channel, bindAddress.getPort(), loop);
    }

    void start()
    {
        running = true;
        thread.start();
    }

    boolean running()
    {
        return running;
    }

    /** The serving thread's name, for the threads it starts. */
    String name()
    {
        return thread.getName();
    }

    /** The bound address and port (the port the kernel chose, if asked for 0). */
    InetSocketAddress localAddress() throws IOException
    {
        return (InetSocketAddress)channel.getLocalAddress();
    }

    /** Stops the loop, closes the channel and waits a while for the thread to end (unless it is the caller). */
    @Override
    public void close() throws IOException
    {
        running = false;
        channel.close();
        if (thread.isAlive() && Thread.currentThread() != thread)
        {
            try
            {
                thread.join(JOIN_TIMEOUT_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
