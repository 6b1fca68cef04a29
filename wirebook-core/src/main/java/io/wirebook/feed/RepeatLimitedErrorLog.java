package io.wirebook.feed;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochClock;

/**
 * The feed handler's default error handler: it logs an error, and then the same error (same class and message)
 * again at most once per {@link #QUIET_MILLIS}, with how many times it happened in between. A recovery server that
 * is down makes every retry fail the same way; the log says so once a few seconds, not ten times a second. Every
 * error still reaches the counters, which the handler keeps apart from this log.
 */
final class RepeatLimitedErrorLog implements ErrorHandler
{
    static final long QUIET_MILLIS = 5_000;

    private final Logger logger;
    private final EpochClock clock;
    private String lastKey;
    private long lastLoggedMillis;
    private long repeats;

    RepeatLimitedErrorLog(final Logger logger, final EpochClock clock)
    {
        this.logger = logger;
        this.clock = clock;
    }

    @Override
    public synchronized void onError(final Throwable t)
    {
        final String key = t.getClass().getName() + ": " + t.getMessage();
        final long now = clock.time();
        if (Objects.equals(key, lastKey) && now - lastLoggedMillis < QUIET_MILLIS)
        {
            repeats++;
            return;
        }
        if (Objects.equals(key, lastKey) && repeats > 0)
        {
            logger.log(Level.ERROR, "feed handler error, " + repeats + " more times in the last " +
                (now - lastLoggedMillis) / 1000 + " s", t);
        }
        else
        {
            logger.log(Level.ERROR, "feed handler error", t);
        }
        lastKey = key;
        lastLoggedMillis = now;
        repeats = 0;
    }
}
