package io.wirebook.itch;

/** Add Order – No MPID Attribution (A) and Add Order with MPID Attribution (F): F appends Attribution. */
public final class AddOrder extends ItchMessage
{
    public long orderReferenceNumber()
    {
        return int64(11);
    }

    /** {@link ItchMessages#BUY} or {@link ItchMessages#SELL}. */
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

    /** Price (4), with four implied decimal places. */
    public long price()
    {
        return uint32(32);
    }

    public boolean hasAttribution()
    {
        return messageType() == ItchMessages.ADD_ORDER_MPID;
    }

    /** Attribution (4 ASCII bytes) of an F message, packed into an int; 0 for an A message. */
    public int attribution()
    {
        return hasAttribution() ? buffer.getInt(offset + 36, BE) : 0;
    }
}
