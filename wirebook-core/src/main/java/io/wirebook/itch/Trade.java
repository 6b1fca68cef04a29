package io.wirebook.itch;

/** Trade Message – Non-Cross (P): an execution against a non-displayed order; it does not change the book. */
public final class Trade extends SidedOrderMessage
{
    private static final int MATCH_NUMBER = 36;

    public long matchNumber()
    {
        return int64(MATCH_NUMBER);
    }
}
