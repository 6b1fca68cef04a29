package io.wirebook.vm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.wirebook.lab.ChildProcesses;
import io.wirebook.lab.SystemCommand;
import io.wirebook.sys.Privileges;
import io.wirebook.util.ExitHook;

/**
 * A qemu guest booted from the host's own kernel image and root: {@link #boot} builds the initramfs, starts qemu and
 * waits until the guest's /init is ready; {@link #run} hands it one command at a time through the run's read-write
 * share (cmd-N.sh in, out-N and status-N back) and {@link #close} halts it and removes everything it made.
 * <p>
 * In the guest the host's root is read-only at /, /tmp, /run and /dev/shm are the guest's own tmpfs, and the share
 * and every {@link GuestSpec#withDirectory directory} are read-write at their host paths, so a command may name
 * host paths for its inputs and for its outputs alike. The NIC's driver is loaded and its address set before the
 * first command runs.
 * <p>
 * Nothing outlives the run: {@link #close()} on a normal path, an {@link ExitHook} on exit, Ctrl-C and SIGTERM
 * (qemu is killed, the run directory removed), and on SIGKILL the kernel kills qemu ({@link QemuCommand}) while
 * the next boot, and the lab's cleanup watcher, remove the run directory. A tap device is the caller's: a
 * namespace's goes with it.
 */
public final class GuestVm implements AutoCloseable
{
    private static final long POLL_MILLIS = 20;
    private static final Duration HALT_GRACE = Duration.ofSeconds(15);
    private static final long KILL_GRACE_SECONDS = 3;
    private static final int LOG_TAIL_LINES = 15;

    private final GuestSpec spec;
    private final Path runDirectory;
    private final Path share;
    private final Path serialLog;
    private final Path qemuErrors;
    private final ExitHook exitHook;
    private Process process;
    private Duration bootTime;
    private int nextCommand = 1;
    private boolean closed;

    private GuestVm(final GuestSpec spec, final Path runDirectory)
    {
        this.spec = spec;
        this.runDirectory = runDirectory;
        this.share = runDirectory.resolve("share");
        this.serialLog = runDirectory.resolve("serial.log");
        this.qemuErrors = runDirectory.resolve("qemu.err");
        this.exitHook = ExitHook.register("wirebook-guest-cleanup", this::kill);
    }

    /**
     * Null when this host can boot the guest; otherwise one line saying what is missing and how to fix it.
     */
    public static String whyUnavailable(final GuestSpec spec)
    {
        final List<String> missing = new ArrayList<>();
        if (null == SystemCommand.find(QemuCommand.QEMU))
        {
            missing.add(QemuCommand.QEMU + " (qemu-system-x86)");
        }
        if (!Files.isReadable(spec.kernel().image()))
        {
            missing.add(spec.kernel().image() + " (linux-image-" + spec.kernel().version() + ")");
        }
        if (!Files.isReadable(spec.kernel().modules().resolve("modules.dep")))
        {
            missing.add(spec.kernel().modules() + " (linux-image-" + spec.kernel().version() + ")");
        }
        if (!Files.isExecutable(Path.of(Initramfs.BUSYBOX)))
        {
            missing.add(Initramfs.BUSYBOX + " (busybox-static)");
        }
        if (!missing.isEmpty())
        {
            return "no " + String.join(", no ", missing) + "; fix: scripts/setup.sh";
        }
        if (null != spec.network() && !Privileges.isRoot())
        {
            return "a guest on a tap device needs root; fix: run as root";
        }
        return null;
    }

    /** Removes the run directories of guests whose JVM was killed ({@code wirebook cleanup}); returns how many. */
    public static int removeDeadRunDirectories()
    {
        return GuestRunDirectory.removeDead();
    }

    /**
     * Builds the initramfs, starts qemu and waits until the guest is ready for commands.
     *
     * @throws GuestException with one line saying why it could not (the serial log's last lines included).
     */
    public static GuestVm boot(final GuestSpec spec)
    {
        final String reason = whyUnavailable(spec);
        if (null != reason)
        {
            throw new GuestException(reason);
        }
        GuestRunDirectory.removeDead();
        final GuestVm guest = new GuestVm(withClassPath(spec, System.getProperty("java.class.path")),
            GuestRunDirectory.create());
        try
        {
            guest.start();
            return guest;
        }
        catch (final RuntimeException ex)
        {
            guest.close();
            throw ex;
        }
    }

    /** Where the guest mounts tmpfs of its own, hiding the host's files at those paths. */
    private static final List<String> GUEST_TMPFS = List.of("/tmp/", "/run/", "/dev/shm/");

    /**
     * The spec, sharing also whatever of this JVM's class path the guest's own tmpfs would hide: the guest runs the
     * host's JDK on the host's class path (a receiver, a test's helper), and a checkout under /tmp (a CI clone) is
     * otherwise not there. Each such entry shares its top directory under that tmpfs, once.
     */
    static GuestSpec withClassPath(final GuestSpec spec, final String classPath)
    {
        GuestSpec shared = spec;
        final Set<Path> tops = new LinkedHashSet<>();
        for (final String entry : classPath.split(File.pathSeparator))
        {
            for (final String tmpfs : GUEST_TMPFS)
            {
                if (entry.startsWith(tmpfs) && entry.length() > tmpfs.length())
                {
                    final Path path = Path.of(entry);
                    final Path mount = Path.of(tmpfs);
                    tops.add(mount.resolve(mount.relativize(path).getName(0)));
                }
            }
        }
        for (final Path top : tops)
        {
            if (!shared.directories().contains(top) && Files.isDirectory(top))
            {
                shared = shared.withDirectory(top);
            }
        }
        return shared;
    }

    private void start()
    {
        final Path initramfs = runDirectory.resolve("initramfs.cpio");
        try
        {
            Initramfs.write(spec, share, initramfs);
        }
        catch (final IOException ex)
        {
            throw new GuestException("cannot build the guest's initramfs: " + ex.getMessage(), ex);
        }
        final List<String> argv = QemuCommand.argv(SystemCommand.find(QemuCommand.QEMU), SystemCommand.find("setpriv"),
            spec, initramfs, share, serialLog);
        final long started = System.nanoTime();
        process = startOnOwnThread(new ProcessBuilder(argv)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(qemuErrors.toFile()));
        final long deadline = started + spec.bootTimeout().toNanos();
        final Path ready = share.resolve("ready");
        while (!Files.exists(ready))
        {
            if (!process.isAlive())
            {
                throw new GuestException("the guest stopped before it was ready (qemu exit " + process.exitValue() +
                    "): " + diagnostics());
            }
            if (System.nanoTime() > deadline)
            {
                throw new GuestException("the guest was not ready within " + spec.bootTimeout().toSeconds() + " s: " +
                    diagnostics());
            }
            sleep();
        }
        bootTime = Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * Starts the process from a thread that lives as long as it does: qemu's parent-death signal follows the thread
     * that started it, so that thread must not end before qemu.
     */
    private static Process startOnOwnThread(final ProcessBuilder builder)
    {
        final CompletableFuture<Process> started = new CompletableFuture<>();
        final Thread thread = new Thread(() ->
        {
            final Process child;
            try
            {
                child = builder.start();
            }
            catch (final IOException | RuntimeException ex)
            {
                started.completeExceptionally(ex);
                return;
            }
            started.complete(child);
            try
            {
                child.waitFor();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "wirebook-guest-qemu");
        thread.setDaemon(true);
        thread.start();
        try
        {
            return started.get(30, TimeUnit.SECONDS);
        }
        catch (final ExecutionException ex)
        {
            throw new GuestException("cannot start qemu: " + ex.getCause().getMessage(), ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw new GuestException("qemu did not start within 30 s", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new GuestException("interrupted while starting qemu", ex);
        }
    }

    /**
     * Runs one command (argv, each word quoted for the guest's /bin/sh) in the guest and waits for its end.
     *
     * @throws GuestException when it does not end within {@code timeout} or the guest stops.
     */
    public GuestResult run(final Duration timeout, final String... command)
    {
        return runScript(timeout, shellCommand(List.of(command)));
    }

    /** Runs a /bin/sh script in the guest (with HOME=/tmp, a plain PATH, LANG=C.UTF-8) and waits for its end. */
    public GuestResult runScript(final Duration timeout, final String script)
    {
        return start(script).waitFor(timeout);
    }

    /**
     * Hands the guest a /bin/sh script and returns at once; the guest runs its commands one after another, so a
     * command started while another runs waits for it.
     */
    public synchronized GuestCommand start(final String script)
    {
        if (closed)
        {
            throw new IllegalStateException("guest closed");
        }
        final int n = nextCommand++;
        final Path command = share.resolve("cmd-" + n + ".sh");
        try
        {
            final Path staged = share.resolve(".cmd-" + n + ".sh");
            Files.writeString(staged, script + "\n", StandardCharsets.UTF_8);
            Files.move(staged, command, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new GuestException("cannot hand the guest a command in " + share + ": " + ex.getMessage(), ex);
        }
        return new GuestCommand(this, share.resolve("out-" + n), share.resolve("status-" + n));
    }

    /** Throws when qemu has exited: the guest can run nothing more. */
    void checkAlive(final String during)
    {
        if (!process.isAlive())
        {
            throw new GuestException("the guest stopped " + during + " (qemu exit " + process.exitValue() + "): " +
                diagnostics());
        }
    }

    /** The words quoted for sh and joined: {@code it's} becomes {@code 'it'\''s'}. */
    public static String shellCommand(final List<String> words)
    {
        final StringBuilder line = new StringBuilder();
        for (final String word : words)
        {
            if (!line.isEmpty())
            {
                line.append(' ');
            }
            line.append(Initramfs.quote(word));
        }
        return line.toString();
    }

    /** The run's read-write share: the same path on the host and in the guest; removed by {@link #close()}. */
    public Path share()
    {
        return share;
    }

    /** From starting qemu to the guest's /init ready for the first command (NIC driver loaded, address set). */
    public Duration bootTime()
    {
        return bootTime;
    }

    public GuestSpec spec()
    {
        return spec;
    }

    /** The pid of the process qemu runs in (under ip netns exec and setpriv, which exec it). */
    public long qemuPid()
    {
        return process.pid();
    }

    /** The run's directory on the host (initramfs, serial log, share); removed by {@link #close()}. */
    Path runDirectory()
    {
        return runDirectory;
    }

    /** The NIC's PCI address in the guest, e.g. for {@code dpdk.device}. */
    public String nicPciAddress()
    {
        return QemuCommand.NIC_PCI_ADDRESS;
    }

    /** The guest's serial console so far (the kernel's log and /init's messages). */
    public String serialLog()
    {
        return read(serialLog);
    }

    /** Halts the guest (it powers off after the command running now), kills qemu if it does not, removes the run. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (null != process && process.isAlive())
            {
                try
                {
                    Files.writeString(share.resolve("halt"), "");
                    process.waitFor(HALT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
                catch (final IOException ignored)
                {
                    // The share is unwritable: qemu is stopped below instead.
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }
        finally
        {
            kill();
            exitHook.close();
        }
    }

    /** Stops qemu and removes the run directory; what the exit hook runs, and close's last step. */
    private void kill()
    {
        ChildProcesses.stop(process, KILL_GRACE_SECONDS);
        GuestRunDirectory.delete(runDirectory);
    }

    private String diagnostics()
    {
        return "qemu: " + tail(read(qemuErrors), 3) + " | serial console: " + tail(read(serialLog), LOG_TAIL_LINES);
    }

    private static String tail(final String text, final int lines)
    {
        final String[] all = text.strip().split("\\R");
        final int from = Math.max(0, all.length - lines);
        return String.join(" | ", List.of(all).subList(from, all.length));
    }

    static String read(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        }
        catch (final IOException ex)
        {
            return "(unreadable: " + ex.getMessage() + ")";
        }
    }

    static void sleep()
    {
        try
        {
            Thread.sleep(POLL_MILLIS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new GuestException("interrupted while waiting for the guest");
        }
    }
}
