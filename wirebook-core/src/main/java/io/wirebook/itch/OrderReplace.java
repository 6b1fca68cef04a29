package io.wirebook.itch;

/** Order Replace Message (U): the original order leaves the book and the new one takes its side. */
public final class OrderReplace extends ItchMessage
{
    public long originalOrderReferenceNumber()
    {
        return int64(11);
    }

    public long newOrderReferenceNumber()
    {
        return int64(19);
    }

    public long shares()
    {
        return uint32(27);
    }

    public long price()
    {
        return uint32(31);
    }
}
