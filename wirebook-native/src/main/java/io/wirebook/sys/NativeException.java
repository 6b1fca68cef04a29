package io.wirebook.sys;

/** A native call failed; the message names the call and the errno's meaning. */
public final class NativeException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int errno;

    public NativeException(final String call, final int errno)
    {
        super(call + ": " + Libc.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno()
    {
        return errno;
    }
}
