package io.wirebook.itch;

/** Order Executed With Price Message (C): an execution whose price differs from the order's. */
public final class OrderExecutedWithPrice extends ExecutionMessage
{
    private static final int PRINTABLE = 31;
    private static final int EXECUTION_PRICE = 32;

    public byte printable()
    {
        return alpha1(PRINTABLE);
    }

    public long executionPrice()
    {
        return uint32(EXECUTION_PRICE);
    }
}
