package io.wirebook.rx.socket;

import java.util.List;
import java.util.Map;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import io.wirebook.rx.paths.PathCounterValues;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceCheckTest
{
    private static final int EXCHANGE = Channel.parseIpv4("198.18.0.1");
    private static final int FORGER = Channel.parseIpv4("198.18.0.3");
    private static final int HOST = Channel.parseIpv4("198.18.0.2");

    private final HandlerCounters counters = HandlerCounters.inMemory(8);
    private final SourceCheck check = new SourceCheck(List.of(
        new Flow(0, Flow.LINE_A, Channel.of("239.1.1.1", 12345), EXCHANGE, 12344, "wbh-a", HOST),
        new Flow(1, Flow.LINE_A, Channel.of("239.1.1.2", 12345), EXCHANGE, Flow.ANY_PORT, "wbh-a", HOST),
        Flow.lineA(2, Channel.of("239.1.1.3", 12345), "wbh-a", HOST)), counters);

    @Test
    void acceptsTheFlowsSourceAndPort()
    {
        assertThat(check.accepts(0, EXCHANGE, 12344)).isTrue();
        assertThat(check.accepts(1, EXCHANGE, 40000)).isTrue();
        assertThat(check.accepts(2, FORGER, 40000)).isTrue();

        assertThat(counters()).containsEntry("rejected.wrong_source", 0L)
            .containsEntry("rejected.wrong_source_port", 0L);
    }

    @Test
    void countsAWrongAddressAsWrongSourceWhateverItsPort()
    {
        assertThat(check.accepts(0, FORGER, 12344)).isFalse();
        assertThat(check.accepts(0, FORGER, 1)).isFalse();
        assertThat(check.accepts(1, FORGER, 12344)).isFalse();

        assertThat(counters()).containsEntry("rejected.wrong_source", 3L)
            .containsEntry("rejected.wrong_source_port", 0L);
    }

    @Test
    void countsTheRightAddressFromAnotherPortAsWrongSourcePort()
    {
        assertThat(check.accepts(0, EXCHANGE, 12343)).isFalse();

        assertThat(counters()).containsEntry("rejected.wrong_source", 0L)
            .containsEntry("rejected.wrong_source_port", 1L);
    }

    private Map<String, Long> counters()
    {
        return PathCounterValues.of(counters);
    }
}
