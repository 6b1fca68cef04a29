package io.wirebook.feed;

import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatLimitedErrorLogTest
{
    private final List<String> logged = new ArrayList<>();
    private long nowMillis = 1_000_000;
    private final RepeatLimitedErrorLog log = new RepeatLimitedErrorLog(new ListLogger(), () -> nowMillis);

    @Test
    void logsARepeatedErrorOnceThenWithItsCountAfterTheQuietPeriod()
    {
        for (int i = 0; i < 60; i++)
        {
            log.onError(new IllegalStateException("snapshot failed: connection refused"));
            nowMillis += 100;
        }

        assertThat(logged).containsExactly(
            "feed handler error: snapshot failed: connection refused",
            "feed handler error, 49 more times in the last 5 s: snapshot failed: connection refused");
    }

    @Test
    void aDifferentErrorIsLoggedAtOnce()
    {
        log.onError(new IllegalStateException("snapshot failed: connection refused"));
        log.onError(new IllegalStateException("listener failed"));
        log.onError(new IllegalStateException("snapshot failed: connection refused"));

        assertThat(logged).hasSize(3);
    }

    private final class ListLogger implements Logger
    {
        @Override
        public String getName()
        {
            return "test";
        }

        @Override
        public boolean isLoggable(final Level level)
        {
            return true;
        }

        @Override
        public void log(final Level level, final ResourceBundle bundle, final String msg, final Throwable thrown)
        {
            logged.add(msg + ": " + thrown.getMessage());
        }

        @Override
        public void log(final Level level, final ResourceBundle bundle, final String format, final Object... params)
        {
            logged.add(format);
        }

        @Override
        public void log(final Level level, final Supplier<String> msgSupplier)
        {
            logged.add(msgSupplier.get());
        }
    }
}
