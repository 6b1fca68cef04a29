package io.wirebook.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code wirebook} command line. Exit codes: 0 success, 1 the run failed, 2 the arguments were wrong. Every
 * error is one line that says what to do.
 */
@Command(name = "wirebook", mixinStandardHelpOptions = true, version = "wirebook 0.1.0",
    description = "ITCH 5.0 / MoldUDP64 feed handler with kernel-bypass receive paths, and the lab that measures it.",
    subcommands = {
        BenchCommand.class,
        BookbenchCommand.class,
        JitterCommand.class,
        PathsCommand.class,
        NetCommand.class,
        CleanupCommand.class,
        PublishCommand.class,
        ReceiveCommand.class,
        EchoCommand.class,
        ForgeCommand.class,
        StatCommand.class,
        DoctorCommand.class,
        SimulateCommand.class,
        BookCommand.class,
        VmCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Main implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    public static int execute(final String... args)
    {
        Logging.configure();
        final CommandLine cli = new CommandLine(new Main());
        // The descriptions are written a line per element, up to 110 characters: give them room.
        cli.setUsageHelpWidth(120);
        cli.setParameterExceptionHandler((ex, a) ->
        {
            ex.getCommandLine().getErr().println("wirebook: " + ex.getMessage() + " (see: " +
                ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            if (ex instanceof IllegalArgumentException)
            {
                commandLine.getErr().println("wirebook: " + ex.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            commandLine.getErr().println("wirebook: " + oneLine(ex));
            if (System.getenv("WIREBOOK_DEBUG") != null)
            {
                ex.printStackTrace(commandLine.getErr());
            }
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli.execute(args);
    }

    static String oneLine(final Throwable ex)
    {
        final String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return message.replace('\n', ' ').trim();
    }

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "a command is needed: bench, bookbench, jitter, paths, net, cleanup, publish, receive, forge, stat or " +
            "doctor, vm");
    }
}
