package io.wirebook.itch;

/** Order Executed With Price Message (C). */
public final class OrderExecutedWithPrice extends ItchMessage
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

    public byte printable()
    {
        return alpha1(31);
    }

    public long executionPrice()
    {
        return uint32(32);
    }
}
