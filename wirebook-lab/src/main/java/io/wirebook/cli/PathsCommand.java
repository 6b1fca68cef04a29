package io.wirebook.cli;

import java.util.concurrent.Callable;

import io.wirebook.rx.paths.RxPaths;
import picocli.CommandLine.Command;

@Command(name = "paths", mixinStandardHelpOptions = true,
    description = {"Lists the receive paths, what each needs, and whether this host has it.",
        "Example: wirebook paths"})
public final class PathsCommand implements Callable<Integer>
{
    @Override
    public Integer call()
    {
        for (final String name : RxPaths.NAMES)
        {
            final String missing = RxPaths.prerequisitesMissing(name);
            System.out.printf("%-12s %-60s %s%n", name, RxPaths.needs(name),
                missing == null ? "ready" : "skipped: " + missing);
        }
        return 0;
    }
}
