package io.wirebook.rx.xdp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An interface's NAPI deferral, as preferred busy polling wants it (the kernel's napi.rst): after
 * {@code napi_defer_hard_irqs} empty polls the interrupt stays off for {@code gro_flush_timeout} ns, so the
 * application's busy poll runs the interface's NAPI on its own CPU instead of the softirq on another. Set while
 * the path is open and put back as it was at close. Read and written through the calling process's {@code /sys},
 * which shows the interfaces of the namespace it was mounted in (the lab's {@code ip netns exec} mounts one).
 */
final class NapiDeferral
{
    /** Empty NAPI polls before the interrupt is held off, as napi.rst's example. */
    static final String DEFER_HARD_IRQS = "2";
    /** How long the interrupt is held off, ns: longer than the poll loop's gaps, short enough to recover. */
    static final String GRO_FLUSH_TIMEOUT = "200000";

    private final Path deferFile;
    private final Path timeoutFile;
    private final String deferBefore;
    private final String timeoutBefore;

    private NapiDeferral(final Path deferFile, final Path timeoutFile, final String deferBefore,
        final String timeoutBefore)
    {
        this.deferFile = deferFile;
        this.timeoutFile = timeoutFile;
        this.deferBefore = deferBefore;
        this.timeoutBefore = timeoutBefore;
    }

    /**
     * Sets the deferral on {@code interfaceName}.
     *
     * @throws IOException when this process cannot read or write the interface's settings (no such interface in
     *                     the /sys it sees, or not root).
     */
    static NapiDeferral apply(final Path sysClassNet, final String interfaceName) throws IOException
    {
        final Path device = sysClassNet.resolve(interfaceName);
        final Path deferFile = device.resolve("napi_defer_hard_irqs");
        final Path timeoutFile = device.resolve("gro_flush_timeout");
        final String deferBefore = Files.readString(deferFile).strip();
        final String timeoutBefore = Files.readString(timeoutFile).strip();
        Files.writeString(deferFile, DEFER_HARD_IRQS);
        try
        {
            Files.writeString(timeoutFile, GRO_FLUSH_TIMEOUT);
        }
        catch (final IOException ex)
        {
            Files.writeString(deferFile, deferBefore);
            throw ex;
        }
        return new NapiDeferral(deferFile, timeoutFile, deferBefore, timeoutBefore);
    }

    /** Puts both settings back; a failure is ignored (the interface may be gone with its namespace). */
    void restore()
    {
        try
        {
            Files.writeString(timeoutFile, timeoutBefore);
            Files.writeString(deferFile, deferBefore);
        }
        catch (final IOException ignored)
        {
            // Gone with its namespace, or never ours to change back.
        }
    }
}
