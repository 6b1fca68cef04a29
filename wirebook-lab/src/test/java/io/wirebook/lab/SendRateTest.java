package io.wirebook.lab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendRateTest
{
    @Test
    void theRateIsTheMessagesBetweenTwoLinesOverTheirTime()
    {
        final SendRate rate = new SendRate();
        rate.onSentLine("SENT 1000 5000000000");
        assertThat(rate.describe(20_000_000)).isEqualTo("starting (20,000,000 msg/s asked)");

        rate.onSentLine("SENT 461000 6000000000");

        assertThat(rate.messagesPerSecond()).isEqualTo(460_000.0);
        assertThat(rate.describe(20_000_000)).isEqualTo("460,000 msg/s sent (20,000,000 asked)");
    }

    @Test
    void aMalformedLineChangesNothing()
    {
        final SendRate rate = new SendRate();
        rate.onSentLine("SENT 0 1000000000");
        rate.onSentLine("SENT 50000 2000000000");
        rate.onSentLine("SENT x y");
        rate.onSentLine("SENT 1");

        assertThat(rate.messagesPerSecond()).isEqualTo(50_000.0);
    }
}
