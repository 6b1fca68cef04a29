package io.wirebook.itch;

/** Stock Directory (R). */
public final class StockDirectory extends ItchMessage
{
    /** Stock symbol, 8 ASCII bytes right-padded with spaces, packed big-endian into a long. */
    public long stock()
    {
        return alpha8(11);
    }

    public byte marketCategory()
    {
        return alpha1(19);
    }

    public byte financialStatusIndicator()
    {
        return alpha1(20);
    }

    public long roundLotSize()
    {
        return uint32(21);
    }

    public byte roundLotsOnly()
    {
        return alpha1(25);
    }

    public byte issueClassification()
    {
        return alpha1(26);
    }

    public byte authenticity()
    {
        return alpha1(29);
    }

    public long etpLeverageFactor()
    {
        return uint32(34);
    }
}
