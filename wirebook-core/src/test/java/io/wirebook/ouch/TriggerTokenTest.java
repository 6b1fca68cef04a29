package io.wirebook.ouch;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TriggerTokenTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);

    @Test
    void fillsClOrdIdWithPhaseChannelAndSequence()
    {
        final EnterOrder order = new EnterOrder().wrap(buffer, 0);
        TriggerToken.write(order, true, 3, 123_456_789L);

        assertThat(new String(buffer.byteArray(), EnterOrder.CL_ORD_ID_OFFSET, 14, StandardCharsets.US_ASCII))
            .isEqualTo("M3000123456789");
        assertThat(TriggerToken.sequenceNumber(buffer, order.clOrdIdOffset())).isEqualTo(123_456_789L);
        assertThat(TriggerToken.channel(buffer, order.clOrdIdOffset())).isEqualTo(3);
        assertThat(TriggerToken.marketOpen(buffer, order.clOrdIdOffset())).isTrue();
    }

    @Test
    void outsideMarketHoursAndTheLargestSequenceRoundTrip()
    {
        TriggerToken.write(buffer, 5, false, 0, TriggerToken.MAX_SEQUENCE_NUMBER);

        assertThat(TriggerToken.marketOpen(buffer, 5)).isFalse();
        assertThat(TriggerToken.sequenceNumber(buffer, 5)).isEqualTo(TriggerToken.MAX_SEQUENCE_NUMBER);
        assertThatThrownBy(() -> TriggerToken.write(buffer, 5, false, 10, 1))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyOtherClOrdIdIsMalformed()
    {
        new EnterOrder().wrap(buffer, 0).clOrdId("M3000123X56789");
        assertThat(TriggerToken.sequenceNumber(buffer, EnterOrder.CL_ORD_ID_OFFSET)).isEqualTo(TriggerToken.MALFORMED);
        new EnterOrder().wrap(buffer, 0).clOrdId("Q3000123456789");
        assertThat(TriggerToken.sequenceNumber(buffer, EnterOrder.CL_ORD_ID_OFFSET)).isEqualTo(TriggerToken.MALFORMED);
    }
}
