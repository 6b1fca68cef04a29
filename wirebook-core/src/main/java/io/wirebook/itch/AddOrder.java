package io.wirebook.itch;

/** Add Order – No MPID Attribution (A) and Add Order with MPID Attribution (F): F appends Attribution. */
public final class AddOrder extends SidedOrderMessage
{
    private static final int ATTRIBUTION = 36;

    public boolean hasAttribution()
    {
        return messageType() == ItchMessages.ADD_ORDER_MPID;
    }

    /** Attribution (4 ASCII bytes) of an F message, packed into an int; 0 for an A message. */
    public int attribution()
    {
        return hasAttribution() ? buffer.getInt(offset + ATTRIBUTION, BE) : 0;
    }
}
