package io.wirebook.itch;

/** Order Executed Message (E). */
public final class OrderExecuted extends ItchMessage
{
    public long orderReferenceNumber()
    {
        return int64(11);
    }

    public long executedShares()
    {
        return uint32(19);
    }

    public long matchNumber()
    {
        return int64(23);
    }
}
