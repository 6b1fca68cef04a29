package io.wirebook.itch;

/** Trade Message – Non-Cross (P): an execution against a non-displayed order; it does not change the book. */
public final class Trade extends ItchMessage
{
    public long orderReferenceNumber()
    {
        return int64(11);
    }

    public byte buySellIndicator()
    {
        return alpha1(19);
    }

    public long shares()
    {
        return uint32(20);
    }

    public long stock()
    {
        return alpha8(24);
    }

    public long price()
    {
        return uint32(32);
    }

    public long matchNumber()
    {
        return int64(36);
    }
}
