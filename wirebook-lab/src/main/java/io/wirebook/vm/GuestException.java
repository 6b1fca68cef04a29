package io.wirebook.vm;

/** The guest could not be built, booted or driven; the message is one line with the reason (and fix, if any). */
public final class GuestException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public GuestException(final String message)
    {
        super(message);
    }

    public GuestException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
