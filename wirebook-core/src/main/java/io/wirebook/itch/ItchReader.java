package io.wirebook.itch;

import org.agrona.DirectBuffer;

/**
 * Decodes one ITCH 5.0 message and dispatches it to a listener through reused flyweights: nothing is allocated
 * per message.
 */
public final class ItchReader
{
    /** The message was dispatched. */
    public static final int OK = 0;
    /** The type is not an ITCH 5.0 message type. */
    public static final int UNKNOWN_TYPE = 1;
    /** The length does not match the length the specification gives the type. */
    public static final int BAD_LENGTH = 2;

    private final SystemEvent systemEvent = new SystemEvent();
    private final StockDirectory stockDirectory = new StockDirectory();
    private final AddOrder addOrder = new AddOrder();
    private final OrderExecuted orderExecuted = new OrderExecuted();
    private final OrderExecutedWithPrice orderExecutedWithPrice = new OrderExecutedWithPrice();
    private final OrderCancel orderCancel = new OrderCancel();
    private final OrderDelete orderDelete = new OrderDelete();
    private final OrderReplace orderReplace = new OrderReplace();
    private final Trade trade = new Trade();

    /**
     * Checks a message without dispatching it.
     *
     * @return {@link #OK}, {@link #UNKNOWN_TYPE} or {@link #BAD_LENGTH}.
     */
    public static int check(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 1)
        {
            return BAD_LENGTH;
        }
        final int expected = ItchMessages.lengthOf(buffer.getByte(offset));
        if (expected == 0)
        {
            return UNKNOWN_TYPE;
        }
        return expected == length ? OK : BAD_LENGTH;
    }

    /**
     * Decodes the message at {@code offset} and hands it to {@code listener}.
     *
     * @return {@link #OK}, or why it was not dispatched.
     */
    public int read(final DirectBuffer buffer, final int offset, final int length, final ItchListener listener)
    {
        final int status = check(buffer, offset, length);
        if (status != OK)
        {
            return status;
        }
        final byte type = buffer.getByte(offset);
        switch (type)
        {
            case ItchMessages.ADD_ORDER, ItchMessages.ADD_ORDER_MPID ->
            {
                addOrder.wrap(buffer, offset);
                listener.onAddOrder(addOrder);
            }
            case ItchMessages.ORDER_EXECUTED ->
            {
                orderExecuted.wrap(buffer, offset);
                listener.onOrderExecuted(orderExecuted);
            }
            case ItchMessages.ORDER_EXECUTED_WITH_PRICE ->
            {
                orderExecutedWithPrice.wrap(buffer, offset);
                listener.onOrderExecutedWithPrice(orderExecutedWithPrice);
            }
            case ItchMessages.ORDER_CANCEL ->
            {
                orderCancel.wrap(buffer, offset);
                listener.onOrderCancel(orderCancel);
            }
            case ItchMessages.ORDER_DELETE ->
            {
                orderDelete.wrap(buffer, offset);
                listener.onOrderDelete(orderDelete);
            }
            case ItchMessages.ORDER_REPLACE ->
            {
                orderReplace.wrap(buffer, offset);
                listener.onOrderReplace(orderReplace);
            }
            case ItchMessages.TRADE ->
            {
                trade.wrap(buffer, offset);
                listener.onTrade(trade);
            }
            case ItchMessages.SYSTEM_EVENT ->
            {
                systemEvent.wrap(buffer, offset);
                listener.onSystemEvent(systemEvent);
            }
            case ItchMessages.STOCK_DIRECTORY ->
            {
                stockDirectory.wrap(buffer, offset);
                listener.onStockDirectory(stockDirectory);
            }
            default -> listener.onOtherMessage(type, buffer, offset, length);
        }
        return OK;
    }
}
