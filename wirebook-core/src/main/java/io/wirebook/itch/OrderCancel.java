package io.wirebook.itch;

/** Order Cancel Message (X): a partial cancel. */
public final class OrderCancel extends ItchMessage
{
    public long orderReferenceNumber()
    {
        return int64(11);
    }

    public long cancelledShares()
    {
        return uint32(19);
    }
}
