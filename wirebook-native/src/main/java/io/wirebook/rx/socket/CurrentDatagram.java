package io.wirebook.rx.socket;

/**
 * The datagram a kernel-socket path is handing to its handler: the socket it came in on and its source. The path
 * sets it just before each handler call; its transmitter reads it to reply ({@link KernelSocketTransmitter}).
 */
public final class CurrentDatagram
{
    private MulticastSocket socket;
    private int source;
    private int sourcePort;

    /** @param source the datagram's source address, host order. */
    public void set(final MulticastSocket socket, final int source, final int sourcePort)
    {
        this.socket = socket;
        this.source = source;
        this.sourcePort = sourcePort;
    }

    /** The socket of the datagram last handed over, or null before the first. */
    public MulticastSocket socket()
    {
        return socket;
    }

    /** The source address (host order) of the datagram last handed over. */
    public int source()
    {
        return source;
    }

    public int sourcePort()
    {
        return sourcePort;
    }
}
