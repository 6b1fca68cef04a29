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
        // Every type has a Stock Locate and check() saw the whole message: read once here for all cases.
        final int locate = buffer.getShort(offset + ItchMessages.STOCK_LOCATE_OFFSET, ItchMessage.BE) & 0xFFFF;
        switch (type)
        {
            case ItchMessages.ADD_ORDER, ItchMessages.ADD_ORDER_MPID ->
                listener.onAddOrder(wrapped(addOrder, buffer, offset, locate));
            case ItchMessages.ORDER_EXECUTED ->
                listener.onOrderExecuted(wrapped(orderExecuted, buffer, offset, locate));
            case ItchMessages.ORDER_EXECUTED_WITH_PRICE ->
                listener.onOrderExecutedWithPrice(wrapped(orderExecutedWithPrice, buffer, offset, locate));
            case ItchMessages.ORDER_CANCEL -> listener.onOrderCancel(wrapped(orderCancel, buffer, offset, locate));
            case ItchMessages.ORDER_DELETE -> listener.onOrderDelete(wrapped(orderDelete, buffer, offset, locate));
            case ItchMessages.ORDER_REPLACE -> listener.onOrderReplace(wrapped(orderReplace, buffer, offset, locate));
            case ItchMessages.TRADE -> listener.onTrade(wrapped(trade, buffer, offset, locate));
            case ItchMessages.SYSTEM_EVENT -> listener.onSystemEvent(wrapped(systemEvent, buffer, offset, locate));
            case ItchMessages.STOCK_DIRECTORY ->
                listener.onStockDirectory(wrapped(stockDirectory, buffer, offset, locate));
            default -> listener.onOtherMessage(type, buffer, offset, length);
        }
        return OK;
    }

    /** The flyweight over the message: one small static call that the compiler inlines into each case. */
    private static <T extends ItchMessage> T wrapped(
        final T message, final DirectBuffer buffer, final int offset, final int stockLocate)
    {
        message.wrap(buffer, offset, stockLocate);
        return message;
    }
}
