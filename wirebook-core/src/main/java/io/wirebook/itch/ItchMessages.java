package io.wirebook.itch;

/**
 * Message types and lengths of NASDAQ TotalView-ITCH 5.0, as the specification numbers them.
 *
 * <p>Every message starts with the same 11-byte header: Message Type (1), Stock Locate (2),
 * Tracking Number (2) and Timestamp (6, nanoseconds since midnight). All integers are big-endian.
 */
public final class ItchMessages
{
    public static final byte SYSTEM_EVENT = 'S';
    public static final byte STOCK_DIRECTORY = 'R';
    public static final byte STOCK_TRADING_ACTION = 'H';
    public static final byte REG_SHO_RESTRICTION = 'Y';
    public static final byte MARKET_PARTICIPANT_POSITION = 'L';
    public static final byte MWCB_DECLINE_LEVEL = 'V';
    public static final byte MWCB_STATUS = 'W';
    public static final byte IPO_QUOTING_PERIOD_UPDATE = 'K';
    public static final byte LULD_AUCTION_COLLAR = 'J';
    public static final byte OPERATIONAL_HALT = 'h';
    public static final byte ADD_ORDER = 'A';
    public static final byte ADD_ORDER_MPID = 'F';
    public static final byte ORDER_EXECUTED = 'E';
    public static final byte ORDER_EXECUTED_WITH_PRICE = 'C';
    public static final byte ORDER_CANCEL = 'X';
    public static final byte ORDER_DELETE = 'D';
    public static final byte ORDER_REPLACE = 'U';
    public static final byte TRADE = 'P';
    public static final byte CROSS_TRADE = 'Q';
    public static final byte BROKEN_TRADE = 'B';
    public static final byte NOII = 'I';
    public static final byte RPII = 'N';
    /**
     * Direct Listing with Capital Raise Price Discovery (48 bytes), added in a later revision of the
     * specification. Live feeds carry it, and without it a whole packet holding one would be rejected as malformed.
     */
    public static final byte DIRECT_LISTING_WITH_CAPITAL_RAISE = 'O';

    /** System Event codes. */
    public static final byte EVENT_START_OF_MESSAGES = 'O';
    public static final byte EVENT_START_OF_SYSTEM_HOURS = 'S';
    public static final byte EVENT_START_OF_MARKET_HOURS = 'Q';
    public static final byte EVENT_END_OF_MARKET_HOURS = 'M';
    public static final byte EVENT_END_OF_SYSTEM_HOURS = 'E';
    public static final byte EVENT_END_OF_MESSAGES = 'C';

    public static final byte BUY = 'B';
    public static final byte SELL = 'S';

    public static final int HEADER_LENGTH = 11;
    public static final int MESSAGE_TYPE_OFFSET = 0;
    public static final int STOCK_LOCATE_OFFSET = 1;
    public static final int TRACKING_NUMBER_OFFSET = 3;
    public static final int TIMESTAMP_OFFSET = 5;

    /** Largest timestamp a 6-byte field can carry. */
    public static final long MAX_TIMESTAMP = (1L << 48) - 1;

    private static final int[] LENGTHS = new int[128];

    static
    {
        LENGTHS[SYSTEM_EVENT] = 12;
        LENGTHS[STOCK_DIRECTORY] = 39;
        LENGTHS[STOCK_TRADING_ACTION] = 25;
        LENGTHS[REG_SHO_RESTRICTION] = 20;
        LENGTHS[MARKET_PARTICIPANT_POSITION] = 26;
        LENGTHS[MWCB_DECLINE_LEVEL] = 35;
        LENGTHS[MWCB_STATUS] = 12;
        LENGTHS[IPO_QUOTING_PERIOD_UPDATE] = 28;
        LENGTHS[LULD_AUCTION_COLLAR] = 35;
        LENGTHS[OPERATIONAL_HALT] = 21;
        LENGTHS[ADD_ORDER] = 36;
        LENGTHS[ADD_ORDER_MPID] = 40;
        LENGTHS[ORDER_EXECUTED] = 31;
        LENGTHS[ORDER_EXECUTED_WITH_PRICE] = 36;
        LENGTHS[ORDER_CANCEL] = 23;
        LENGTHS[ORDER_DELETE] = 19;
        LENGTHS[ORDER_REPLACE] = 35;
        LENGTHS[TRADE] = 44;
        LENGTHS[CROSS_TRADE] = 40;
        LENGTHS[BROKEN_TRADE] = 19;
        LENGTHS[NOII] = 50;
        LENGTHS[RPII] = 20;
        LENGTHS[DIRECT_LISTING_WITH_CAPITAL_RAISE] = 48;
    }

    private ItchMessages()
    {
    }

    /**
     * @return the length the specification gives the message type, or 0 if it is not an ITCH 5.0 type.
     */
    public static int lengthOf(final byte messageType)
    {
        return messageType >= 0 ? LENGTHS[messageType] : 0;
    }
}
