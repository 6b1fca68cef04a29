package io.wirebook.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One {@code wirebook} command run in this process: its exit status and what it printed on stdout. */
record CommandRun(int status, String out)
{
    static CommandRun of(final String... args)
    {
        final PrintStream stdout = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            final int status = Main.execute(args);
            return new CommandRun(status, captured.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(stdout);
        }
    }
}
