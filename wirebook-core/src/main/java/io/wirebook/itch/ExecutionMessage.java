package io.wirebook.itch;

/** The fields that Order Executed (E) and Order Executed With Price (C) share, at the same offsets. */
public abstract class ExecutionMessage extends ItchMessage
{
    private static final int ORDER_REFERENCE_NUMBER = 11;
    private static final int EXECUTED_SHARES = 19;
    private static final int MATCH_NUMBER = 23;

    public final long orderReferenceNumber()
    {
        return int64(ORDER_REFERENCE_NUMBER);
    }

    public final long executedShares()
    {
        return uint32(EXECUTED_SHARES);
    }

    public final long matchNumber()
    {
        return int64(MATCH_NUMBER);
    }
}
