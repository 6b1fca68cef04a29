package io.wirebook.sockperf;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.tx.TxPath;
import io.wirebook.tx.UdpEndpoint;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which sockperf messages the echo answers, and how: as sockperf's own server does. */
class SockperfEchoTest
{
    private final List<String> replies = new ArrayList<>();
    private final TxPath tx = new TxPath()
    {
        @Override
        public String name()
        {
            return "test";
        }

        @Override
        public boolean send(final UdpEndpoint to, final DirectBuffer payload, final int offset, final int length)
        {
            throw new AssertionError("the echo only replies");
        }

        @Override
        public boolean reply(final DirectBuffer payload, final int offset, final int length)
        {
            replies.add(SockperfHeader.sequenceNumber(payload, offset) + " flags " +
                SockperfHeader.flags(payload, offset) + " length " + length);
            return true;
        }

        @Override
        public void source(final UdpEndpoint into)
        {
        }

        @Override
        public int flush()
        {
            return 0;
        }

        @Override
        public int maxPayload()
        {
            return 1472;
        }

        @Override
        public int localPort()
        {
            return 11111;
        }
    };
    private final SockperfEcho echo = new SockperfEcho(tx, HandlerCounters.inMemory());

    private void offer(final long sequence, final int flags, final int headerLength, final int datagramLength)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[datagramLength + 8]);
        buffer.putLong(4 + SockperfHeader.SEQUENCE_NUMBER, sequence, ByteOrder.BIG_ENDIAN);
        buffer.putShort(4 + SockperfHeader.FLAGS, (short)flags, ByteOrder.BIG_ENDIAN);
        buffer.putInt(4 + SockperfHeader.LENGTH, headerLength, ByteOrder.BIG_ENDIAN);
        echo.onDatagram(0, buffer, 4, datagramLength, 0);
    }

    @Test
    void answersAPongRequestWithItsBytesAndTheClientFlagCleared()
    {
        offer(7, SockperfHeader.CLIENT | SockperfHeader.PONG_REQUEST, 64, 64);

        assertThat(replies).containsExactly("7 flags " + SockperfHeader.PONG_REQUEST + " length 64");
        assertThat(echo.requests()).isEqualTo(1);
        assertThat(echo.replies()).isEqualTo(1);
    }

    @Test
    void underLoadAnswersOnlyTheMessagesThatAskAndNeverAWarmUp()
    {
        offer(1, SockperfHeader.CLIENT, 64, 64);
        offer(2, SockperfHeader.CLIENT | SockperfHeader.PONG_REQUEST | SockperfHeader.WARMUP, 64, 64);
        offer(3, SockperfHeader.CLIENT | SockperfHeader.PONG_REQUEST, 64, 64);
        offer(4, SockperfHeader.PONG_REQUEST, 64, 64);

        assertThat(replies).containsExactly("3 flags " + SockperfHeader.PONG_REQUEST + " length 64");
        assertThat(echo.requests()).isEqualTo(2);
        assertThat(echo.warmups()).isEqualTo(1);
    }

    @Test
    void aHeaderThatDoesNotFitTheDatagramIsMalformedAndUnanswered()
    {
        final int pong = SockperfHeader.CLIENT | SockperfHeader.PONG_REQUEST;
        offer(1, pong, 65, 64);
        offer(2, pong, 13, 64);
        offer(3, pong, 64, 13);
        offer(4, pong, 32, 64);

        assertThat(echo.malformed()).isEqualTo(3);
        assertThat(replies).containsExactly("4 flags " + SockperfHeader.PONG_REQUEST + " length 32");
    }
}
