package io.wirebook.rx;

/**
 * This host cannot run a receive path. The message is one line: the reason, then the fix, for example
 * {@code "no hugepages reserved; fix: echo 512 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"}.
 */
public final class RxUnavailableException extends Exception
{
    private static final long serialVersionUID = 1L;

    public RxUnavailableException(final String reasonAndFix)
    {
        super(reasonAndFix);
    }

    public RxUnavailableException(final String reasonAndFix, final Throwable cause)
    {
        super(reasonAndFix, cause);
    }
}
