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
 * Sends every channel's packets from one blocking IPv4 UDP socket, unconnected, to each channel's group. The
 * socket is bound to the exchange's address and sends multicast out of the interface that holds it.
 *
 * <p>Blocking, because an exchange does not drop its own packets: if the send buffer fills, the publisher waits
 * (and the pacer records it as lateness) rather than losing data silently. The destination addresses are built
 * once, so a send allocates nothing.
 */
public final class DatagramPacketSink implements PacketSink
{
    private static final int SEND_BUFFER_BYTES = 4 * 1024 * 1024;

    private final DatagramChannel socket;
    private final InetSocketAddress[] destinations;

    public DatagramPacketSink(final List<Channel> channels, final int sourceAddress, final int ttl)
    {
        destinations = new InetSocketAddress[channels.size()];
        for (int i = 0; i < destinations.length; i++)
        {
            final Channel channel = channels.get(i);
            destinations[i] = new InetSocketAddress(channel.groupAddress(), channel.port());
        }
        try
        {
            final InetAddress source = InetAddress.getByAddress(toBytes(sourceAddress));
            final NetworkInterface nif = interfaceWith(source);
            socket = DatagramChannel.open(StandardProtocolFamily.INET);
            try
            {
                socket.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
                socket.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
                socket.setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
                // Receivers in the lab live in another namespace; only a loopback run needs its own copies back.
                socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, source.isLoopbackAddress());
                socket.bind(new InetSocketAddress(source, 0));
                socket.configureBlocking(true);
            }
            catch (final IOException | RuntimeException ex)
            {
                socket.close();
                throw ex;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the publisher socket on " + Channel.toDotted(sourceAddress)
                + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public void send(final int channel, final ByteBuffer packet)
    {
        try
        {
            socket.send(packet, destinations[channel]);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("send to " + destinations[channel] + " failed: " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close()
    {
        try
        {
            socket.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
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
