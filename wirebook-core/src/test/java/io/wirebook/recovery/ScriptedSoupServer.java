package io.wirebook.recovery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.wirebook.soupbintcp.SoupBinTCP;
import org.agrona.ExpandableArrayBuffer;

/**
 * A one-connection SoupBinTCP server for tests: it accepts, reads the Login Request, then writes a scripted byte
 * stream, optionally one byte per write so that the client sees frames split at every byte, then closes or
 * waits. Everything the client sent is kept.
 */
final class ScriptedSoupServer implements AutoCloseable
{
    private final ServerSocketChannel server;
    private final Thread thread;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CountDownLatch loginRead = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile SocketChannel connection;
    private volatile Throwable failure;

    /**
     * @param script     what to send after the Login Request.
     * @param byteByByte write one byte at a time, with TCP_NODELAY.
     * @param closeAfter close once the script is written; otherwise stay open, reading, until {@link #close()}.
     */
    ScriptedSoupServer(final ExpandableArrayBuffer script, final int scriptLength, final boolean byteByByte,
        final boolean closeAfter) throws IOException
    {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(() -> run(script, scriptLength, byteByByte, closeAfter), "scripted-soup-server");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() throws IOException
    {
        return (InetSocketAddress)server.getLocalAddress();
    }

    /** Waits for the Login Request to have been read. */
    boolean awaitLogin() throws InterruptedException
    {
        return loginRead.await(5, TimeUnit.SECONDS);
    }

    /** What the client sent so far. */
    byte[] received()
    {
        synchronized (received)
        {
            return received.toByteArray();
        }
    }

    Throwable failure()
    {
        return failure;
    }

    @Override
    public void close() throws Exception
    {
        release.countDown();
        server.close();
        final SocketChannel c = connection;
        if (c != null)
        {
            c.close();
        }
        thread.join(5_000);
    }

    private void run(final ExpandableArrayBuffer script, final int scriptLength, final boolean byteByByte,
        final boolean closeAfter)
    {
        try (SocketChannel accepted = server.accept())
        {
            connection = accepted;
            accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
            final ByteBuffer in = ByteBuffer.allocate(SoupBinTCP.HEADER_LENGTH + SoupBinTCP.LOGIN_REQUEST_LENGTH);
            while (in.hasRemaining())
            {
                if (accepted.read(in) < 0)
                {
                    return;
                }
            }
            keep(in.array(), in.position());
            loginRead.countDown();
            final ByteBuffer out = ByteBuffer.wrap(script.byteArray(), 0, scriptLength);
            if (byteByByte)
            {
                for (int i = 0; i < scriptLength; i++)
                {
                    out.limit(i + 1).position(i);
                    while (out.hasRemaining())
                    {
                        accepted.write(out);
                    }
                    Thread.sleep(0, 200_000);
                }
            }
            else
            {
                while (out.hasRemaining())
                {
                    accepted.write(out);
                }
            }
            if (closeAfter)
            {
                return;
            }
            final ByteBuffer more = ByteBuffer.allocate(256);
            while (release.getCount() > 0)
            {
                more.clear();
                if (accepted.read(more) < 0)
                {
                    return;
                }
                keep(more.array(), more.position());
            }
        }
        catch (final IOException ex)
        {
            // The test closed the connection.
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
    }

    private void keep(final byte[] bytes, final int length)
    {
        synchronized (received)
        {
            received.write(bytes, 0, length);
        }
    }
}
