package io.wirebook.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One line per record, {@code 12:01:02.345 WARNING libbpf: message (cause)}: the time, the System.Logger level,
 * the logger's name without {@code io.wirebook.} and {@code native.}, the message, and a thrown exception's chain
 * of messages. No stack trace: the line says what happened and, for wirebook's own messages, what to do.
 */
final class OneLineFormatter extends Formatter
{
    private static final String PREFIX = "io.wirebook.";
    private static final String NATIVE = "native.";
    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());

    @Override
    public String format(final LogRecord record)
    {
        final StringBuilder line = new StringBuilder(160);
        line.append(TIME.format(Instant.ofEpochMilli(record.getMillis()))).append(' ')
            .append(level(record.getLevel())).append(' ')
            .append(shortName(record.getLoggerName())).append(": ")
            .append(oneLine(formatMessage(record)));
        for (Throwable t = record.getThrown(); t != null; t = t.getCause())
        {
            line.append(t == record.getThrown() ? " (" : "; caused by ").append(oneLine(t.toString()));
            if (t.getCause() == null)
            {
                line.append(')');
            }
        }
        return line.append(System.lineSeparator()).toString();
    }

    /** The System.Logger name of a java.util.logging level, as the code that logged it wrote it. */
    static String level(final Level level)
    {
        final int value = level.intValue();
        if (value >= Level.SEVERE.intValue())
        {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue())
        {
            return "WARNING";
        }
        if (value >= Level.INFO.intValue())
        {
            return "INFO";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    static String shortName(final String loggerName)
    {
        if (loggerName == null)
        {
            return "wirebook";
        }
        String name = loggerName.startsWith(PREFIX) ? loggerName.substring(PREFIX.length()) : loggerName;
        name = name.startsWith(NATIVE) ? name.substring(NATIVE.length()) : name;
        return name;
    }

    private static String oneLine(final String text)
    {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
