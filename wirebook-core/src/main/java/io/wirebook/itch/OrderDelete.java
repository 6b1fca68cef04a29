package io.wirebook.itch;

/** Order Delete Message (D). */
public final class OrderDelete extends ItchMessage
{
    public long orderReferenceNumber()
    {
        return int64(11);
    }
}
