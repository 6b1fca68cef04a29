package io.wirebook.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/** A command handed to the guest ({@link GuestVm#start}): its output so far, and its end. */
public final class GuestCommand
{
    private final GuestVm guest;
    private final Path output;
    private final Path status;

    GuestCommand(final GuestVm guest, final Path output, final Path status)
    {
        this.guest = guest;
        this.output = output;
        this.status = status;
    }

    /** Whether the command has ended. */
    public boolean ended()
    {
        return Files.exists(status);
    }

    /** Everything it wrote to stdout and stderr so far. */
    public String output()
    {
        return GuestVm.read(output);
    }

    /**
     * Waits for the first complete line of its output that matches, and returns it; null when the command ends
     * without one.
     *
     * @throws GuestException when none comes within {@code timeout} or the guest stops.
     */
    public String awaitLine(final Predicate<String> matches, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final boolean endedBefore = ended();
            final String text = output();
            final int lastNewline = text.lastIndexOf('\n');
            if (lastNewline >= 0)
            {
                for (final String line : text.substring(0, lastNewline).split("\n"))
                {
                    if (matches.test(line))
                    {
                        return line;
                    }
                }
            }
            if (endedBefore)
            {
                return null;
            }
            guest.checkAlive("while a command ran");
            if (System.nanoTime() > deadline)
            {
                throw new GuestException("no such line from the guest's command within " + timeout.toSeconds() +
                    " s; its output so far: " + text.strip());
            }
            GuestVm.sleep();
        }
    }

    /**
     * Waits for the command's end.
     *
     * @throws GuestException when it does not end within {@code timeout} or the guest stops.
     */
    public GuestResult waitFor(final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended())
        {
            guest.checkAlive("during a command");
            if (System.nanoTime() > deadline)
            {
                throw new GuestException("the guest's command did not finish within " + timeout.toSeconds() +
                    " s; its output so far: " + output().strip());
            }
            GuestVm.sleep();
        }
        try
        {
            return new GuestResult(Integer.parseInt(Files.readString(status).strip()), output());
        }
        catch (final IOException | NumberFormatException ex)
        {
            throw new GuestException("the guest's command left an unreadable status " + status + ": " + ex, ex);
        }
    }
}
