package io.wirebook.itch;

/**
 * The fields that Add Order (A, F) and Trade (P) share, at the same offsets: the order, its side, shares, stock and
 * price.
 */
public abstract class SidedOrderMessage extends ItchMessage
{
    private static final int ORDER_REFERENCE_NUMBER = 11;
    private static final int BUY_SELL_INDICATOR = 19;
    private static final int SHARES = 20;
    private static final int STOCK = 24;
    private static final int PRICE = 32;

    public final long orderReferenceNumber()
    {
        return int64(ORDER_REFERENCE_NUMBER);
    }

    /** {@link ItchMessages#BUY} or {@link ItchMessages#SELL}. */
    public final byte buySellIndicator()
    {
        return alpha1(BUY_SELL_INDICATOR);
    }

    public final long shares()
    {
        return uint32(SHARES);
    }

    public final long stock()
    {
        return alpha8(STOCK);
    }

    /** Price (4), with four implied decimal places. */
    public final long price()
    {
        return uint32(PRICE);
    }
}
