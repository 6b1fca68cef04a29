package io.wirebook.ouch;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EnterOrderTest
{
    private static final int AT = 3;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);

    @Test
    void writesEachFieldAtTheSpecificationsOffset()
    {
        buffer.setMemory(0, buffer.capacity(), (byte)0x7F);
        new EnterOrder().wrap(buffer, AT)
            .userRefNum(0x0102_0304L)
            .side(EnterOrder.SIDE_BUY)
            .quantity(100)
            .symbol("AAPL")
            .price(1_234_500)
            .timeInForce(EnterOrder.TIME_IN_FORCE_IOC)
            .display(EnterOrder.DISPLAY_VISIBLE)
            .capacity(EnterOrder.CAPACITY_PRINCIPAL)
            .interMarketSweepEligibility(EnterOrder.ISO_NOT_ELIGIBLE)
            .crossType(EnterOrder.CROSS_TYPE_CONTINUOUS_MARKET)
            .clOrdId("ORDER-1");

        // OUCH 5.0 Enter Order: Type 0/1, UserRefNum 1/4, Side 5/1, Quantity 6/4, Symbol 10/8, Price 18/8,
        // Time In Force 26/1, Display 27/1, Capacity 28/1, InterMarket Sweep Eligibility 29/1, CrossType 30/1,
        // ClOrdID 31/14, Appendage Length 45/2, Optional Appendage from 47.
        assertThat(buffer.getByte(AT)).isEqualTo((byte)'O');
        assertThat(bytes(AT + 1, 4)).containsExactly(1, 2, 3, 4);
        assertThat(buffer.getByte(AT + 5)).isEqualTo((byte)'B');
        assertThat(bytes(AT + 6, 4)).containsExactly(0, 0, 0, 100);
        assertThat(text(AT + 10, 8)).isEqualTo("AAPL    ");
        assertThat(bytes(AT + 18, 8)).containsExactly(0, 0, 0, 0, 0, 0x12, (byte)0xD6, 0x44);
        assertThat(text(AT + 26, 5)).isEqualTo("3YPNN");
        assertThat(text(AT + 31, 14)).isEqualTo("ORDER-1       ");
        assertThat(bytes(AT + 45, 2)).containsExactly(0, 0);
        assertThat(buffer.getByte(AT + 47)).isEqualTo((byte)0x7F);
        assertThat(EnterOrder.FIXED_LENGTH).isEqualTo(47);
        assertThat(EnterOrder.check(buffer, AT, 47)).isEqualTo(EnterOrder.VALID);
    }

    @Test
    void readsBackWhatWasWritten()
    {
        new EnterOrder().wrap(buffer, AT).userRefNum(0xFFFF_FFFEL).side(EnterOrder.SIDE_SELL_SHORT).quantity(999_999)
            .symbol(0x4142_4344_2020_2020L).price(5_000_000_0000L).clOrdId("X");
        final EnterOrder read = new EnterOrder().wrapForReading(buffer, AT);

        assertThat(read.userRefNum()).isEqualTo(0xFFFF_FFFEL);
        assertThat(read.side()).isEqualTo(EnterOrder.SIDE_SELL_SHORT);
        assertThat(read.quantity()).isEqualTo(999_999);
        assertThat(text(AT + EnterOrder.SYMBOL_OFFSET, 8)).isEqualTo("ABCD    ");
        assertThat(read.symbol()).isEqualTo(0x4142_4344_2020_2020L);
        assertThat(read.price()).isEqualTo(5_000_000_0000L);
        assertThat(read.length()).isEqualTo(EnterOrder.FIXED_LENGTH);
    }

    @Test
    void appendageOptionsGrowTheMessageInTagValueForm()
    {
        final EnterOrder order = new EnterOrder().wrap(buffer, 0);
        final UnsafeBuffer minQty = new UnsafeBuffer(new byte[] {0, 0, 0, 50});
        order.appendOption((byte)3, minQty, 0, 4);

        assertThat(order.appendageLength()).isEqualTo(6);
        assertThat(order.length()).isEqualTo(53);
        assertThat(bytes(47, 6)).containsExactly(5, 3, 0, 0, 0, 50);
        assertThat(EnterOrder.check(buffer, 0, 53)).isEqualTo(EnterOrder.VALID);
        assertThat(EnterOrder.check(buffer, 0, 47)).isEqualTo(EnterOrder.APPENDAGE_MISMATCH);
    }

    @Test
    void checkRefusesShortAndForeignMessages()
    {
        new EnterOrder().wrap(buffer, 0);

        assertThat(EnterOrder.check(buffer, 0, 46)).isEqualTo(EnterOrder.TOO_SHORT);
        buffer.putByte(0, (byte)'U');
        assertThat(EnterOrder.check(buffer, 0, 47)).isEqualTo(EnterOrder.WRONG_TYPE);
    }

    private byte[] bytes(final int offset, final int length)
    {
        final byte[] out = new byte[length];
        buffer.getBytes(offset, out);
        return out;
    }

    private String text(final int offset, final int length)
    {
        return new String(bytes(offset, length), StandardCharsets.US_ASCII);
    }
}
