package io.wirebook.sys;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** Logs what a native library printed, one record per non-blank line, without the trailing newline. */
public final class NativeLines
{
    private NativeLines()
    {
    }

    public static void log(final Logger logger, final Level level, final String text)
    {
        int start = 0;
        while (start < text.length())
        {
            int end = text.indexOf('\n', start);
            if (end < 0)
            {
                end = text.length();
            }
            final String line = text.substring(start, end).stripTrailing();
            if (!line.isEmpty())
            {
                logger.log(level, line);
            }
            start = end + 1;
        }
    }
}
