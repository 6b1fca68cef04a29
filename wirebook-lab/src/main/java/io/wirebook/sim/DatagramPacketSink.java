package io.wirebook.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Enumeration;
import java.util.List;

import io.wirebook.rx.Channel;

/**
 * Sends every channel's packets on each line from one blocking IPv4 UDP socket per line, unconnected, to the
 * channel's group on that line. A line's socket is bound to the exchange's address on that line and the fixed
 * source port, and sends multicast out of the interface that holds the address: line A from 198.18.0.1:12344 to
 * 239.1.1.x, line B from 198.18.1.1:12344 to 239.1.2.x out of the line-B veth. On loopback both lines share one
 * address, and so one socket.
 *
 * <p>Blocking, because an exchange does not drop its own packets: if the send buffer fills, the publisher waits
 * (and the pacer records it as lateness) rather than losing data silently. The destination addresses are built
 * once, so a send allocates nothing.
 *
 * <p>Multicast loop is on: a socket in the exchange's own namespace that joins a group (a hostile peer on the
 * exchange's subnet, {@link Forger}) then sees the feed, as it would from a switch. The kernel copies a packet back
 * only when a local socket has joined its group, so without one it costs nothing.
 */
public final class DatagramPacketSink implements PacketSink
{
    private static final int SEND_BUFFER_BYTES = 4 * 1024 * 1024;

    private final DatagramChannel[] sockets;
    private final InetSocketAddress[][] destinations;

    /** Opens a socket per line of {@code config}; see the class comment. */
    public DatagramPacketSink(final PublisherConfig config)
    {
        final int lineCount = config.lineCount();
        sockets = new DatagramChannel[lineCount];
        destinations = new InetSocketAddress[lineCount][];
        try
        {
            for (int line = 0; line < lineCount; line++)
            {
                final List<Channel> channels = config.lineChannels(line);
                destinations[line] = new InetSocketAddress[channels.size()];
                for (int c = 0; c < channels.size(); c++)
                {
                    final Channel channel = channels.get(c);
                    destinations[line][c] = new InetSocketAddress(channel.groupAddress(), channel.port());
                }
                final int source = config.lineSourceAddress(line);
                sockets[line] = line > 0 && source == config.lineSourceAddress(0) ? sockets[0] :
                    open(source, config.sourcePort(), config.ttl());
            }
        }
        catch (final RuntimeException ex)
        {
            closeSockets();
            throw ex;
        }
    }

    @Override
    public void send(final int channel, final int line, final ByteBuffer packet)
    {
        try
        {
            sockets[line].send(packet, destinations[line][channel]);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("send to " + destinations[line][channel] + " failed: " + ex.getMessage(),
                ex);
        }
    }

    @Override
    public void close()
    {
        closeSockets();
    }

    private void closeSockets()
    {
        UncheckedIOException failure = null;
        for (int line = 0; line < sockets.length; line++)
        {
            final DatagramChannel socket = sockets[line];
            if (null != socket && (line == 0 || socket != sockets[0]))
            {
                try
                {
                    socket.close();
                }
                catch (final IOException ex)
                {
                    failure = new UncheckedIOException(ex);
                }
            }
        }
        if (null != failure)
        {
            throw failure;
        }
    }

    private static DatagramChannel open(final int sourceAddress, final int sourcePort, final int ttl)
    {
        try
        {
            final InetAddress source = InetAddress.getByAddress(toBytes(sourceAddress));
            final NetworkInterface nif = interfaceWith(source);
            final DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET);
            try
            {
                socket.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
                socket.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
                socket.setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
                socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
                socket.bind(new InetSocketAddress(source, sourcePort));
                socket.configureBlocking(true);
                return socket;
            }
            catch (final IOException | RuntimeException ex)
            {
                socket.close();
                throw ex;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the publisher socket on " + Channel.toDotted(sourceAddress) +
                ":" + sourcePort + ": " + ex.getMessage(), ex);
        }
    }

    /** The interface that holds {@code address}, or a clear error naming it. */
    static NetworkInterface interfaceWith(final InetAddress address) throws SocketException
    {
        final Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces();
        while (all.hasMoreElements())
        {
            final NetworkInterface nif = all.nextElement();
            final Enumeration<InetAddress> addresses = nif.getInetAddresses();
            while (addresses.hasMoreElements())
            {
                if (addresses.nextElement().equals(address))
                {
                    return nif;
                }
            }
        }
        throw new SocketException("no interface has the source address " + address.getHostAddress()
            + " (is the lab network up, and is this thread in the exchange namespace?)");
    }

    private static byte[] toBytes(final int address)
    {
        return new byte[] {(byte)(address >>> 24), (byte)(address >>> 16), (byte)(address >>> 8), (byte)address};
    }
}
