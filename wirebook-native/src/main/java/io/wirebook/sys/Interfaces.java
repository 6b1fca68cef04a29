package io.wirebook.sys;

import io.wirebook.rx.RxUnavailableException;

/** Network interfaces by name, in the calling thread's network namespace. */
public final class Interfaces
{
    /** The index that means any interface, where the kernel takes one (ip_mreqn, IP_MULTICAST_IF). */
    public static final int ANY = 0;

    private Interfaces()
    {
    }

    /**
     * The index of {@code name}; {@link #ANY} for no name.
     *
     * @throws RxUnavailableException when there is no such interface, naming the fix.
     */
    public static int index(final String name) throws RxUnavailableException
    {
        if (name == null || name.isEmpty())
        {
            return ANY;
        }
        try
        {
            return Libc.ifNameToIndex(name);
        }
        catch (final NativeException ex)
        {
            throw new RxUnavailableException("no interface " + name + " in this thread's network namespace ("
                + ex.getMessage() + "); fix: name the interface the feed arrives on (see `ip -br link`), and open "
                + "the path on a thread inside that interface's namespace", ex);
        }
    }
}
