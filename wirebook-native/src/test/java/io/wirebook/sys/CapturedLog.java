package io.wirebook.sys;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects every record of one java.util.logging logger (the System.Logger backend) and keeps it off stderr. */
public final class CapturedLog implements AutoCloseable
{
    private final Logger logger;
    private final Level previousLevel;
    private final boolean previousUseParent;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler()
    {
        @Override
        public void publish(final LogRecord record)
        {
            synchronized (records)
            {
                records.add(record);
            }
        }

        @Override
        public void flush()
        {
        }

        @Override
        public void close()
        {
        }
    };

    private CapturedLog(final String name, final Level level)
    {
        logger = Logger.getLogger(name);
        previousLevel = logger.getLevel();
        previousUseParent = logger.getUseParentHandlers();
        logger.setLevel(level);
        logger.setUseParentHandlers(false);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Captures {@code name} and its children at every level. */
    public static CapturedLog of(final String name)
    {
        return new CapturedLog(name, Level.ALL);
    }

    /** Captures {@code name} and its children at {@code level} and above. */
    public static CapturedLog of(final String name, final Level level)
    {
        return new CapturedLog(name, level);
    }

    /** "LEVEL message" per record, in order. */
    public List<String> lines()
    {
        synchronized (records)
        {
            return records.stream().map(r -> r.getLevel().getName() + " " + r.getMessage()).toList();
        }
    }

    @Override
    public void close()
    {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(previousUseParent);
        logger.setLevel(previousLevel);
    }
}
