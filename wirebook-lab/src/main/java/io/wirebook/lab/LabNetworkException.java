package io.wirebook.lab;

/**
 * The lab network could not be built or changed. The message is one line: what failed, and (from the tool's
 * stderr or our own check) why, so the CLI can print it as is.
 */
public final class LabNetworkException extends RuntimeException
{
    public LabNetworkException(final String message)
    {
        super(message);
    }

    public LabNetworkException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
