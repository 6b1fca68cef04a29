package io.wirebook.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}: every log line, down to DEBUG, the native libraries' included; the lab's children too. */
final class VerboseOption
{
    @Option(names = "--verbose", description = "Log everything, down to DEBUG, libbpf's, libxdp's and DPDK's lines "
        + "included (default: warnings and errors only).")
    void verbose(final boolean verbose)
    {
        if (verbose)
        {
            Logging.verbose();
        }
    }
}
