package io.wirebook.vm;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the guest's initramfs as one cpio file: busybox (static), the modules that mount the host's root over
 * virtio-9p with their dependencies from the kernel's modules.dep, the /init script beside this class and a
 * /guest.conf with this run's settings. It is written straight from the host's files, so there is no staging tree
 * to remove; the caller removes the file with its run directory.
 */
final class Initramfs
{
    /** What mounting the host's root over virtio-9p takes (their dependencies come from modules.dep). */
    static final List<String> ROOT_MODULES = List.of("virtio_pci", "9pnet_virtio", "9p");
    static final String BUSYBOX = "/usr/bin/busybox";
    private static final String INIT_RESOURCE = "init.sh";
    private static final String MODULE_DIR = "modules";

    private Initramfs()
    {
    }

    /**
     * Writes the initramfs to {@code target}.
     *
     * @param share       the run's read-write share, mounted in the guest at the same path.
     */
    static void write(final GuestSpec spec, final Path share, final Path target) throws IOException
    {
        final List<Path> modules = loadOrder(spec.kernel().modules(), ROOT_MODULES);
        final List<String> names = new ArrayList<>();
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target));
            Cpio cpio = new Cpio(file))
        {
            for (final String dir : List.of("bin", "dev", "proc", "sys", "root", MODULE_DIR))
            {
                cpio.directory(dir);
            }
            cpio.file("bin/busybox", 0755, Files.readAllBytes(Path.of(BUSYBOX)));
            for (final Path module : modules)
            {
                final String name = module.getFileName().toString();
                cpio.file(MODULE_DIR + "/" + name, 0644, Files.readAllBytes(module));
                names.add(name);
            }
            cpio.file("init", 0755, initScript());
            cpio.file("guest.conf", 0644, conf(spec, share, names).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The variables /init reads. */
    static String conf(final GuestSpec spec, final Path share, final List<String> moduleNames)
    {
        final GuestNetwork network = spec.network();
        final List<String> dirs = spec.directories().stream().map(Path::toString).toList();
        return "MODULES=" + quote(String.join(" ", moduleNames)) + "\n" +
            "SHARE=" + quote(share.toString()) + "\n" +
            "EXTRA_DIRS=" + quote(String.join(" ", dirs)) + "\n" +
            "NIC_DRIVER=" + quote(spec.nic().driver()) + "\n" +
            "HUGEPAGES=" + spec.hugepages() + "\n" +
            "ADDRESS=" + quote(null == network ? "" : network.address()) + "\n" +
            "ROUTES=" + quote(null == network ? "" : String.join(" ", network.routes())) + "\n" +
            "RECOVERY_ADDRESS=" + quote(null == network || null == network.recoveryAddress() ? "" :
                network.recoveryAddress()) + "\n";
    }

    /**
     * The modules to insmod, each after the ones it needs, from modules.dep ("kernel/x.ko: kernel/dep.ko ...").
     *
     * @throws GuestException when one is missing or compressed (busybox's insmod takes plain .ko files).
     */
    static List<Path> loadOrder(final Path moduleDir, final List<String> wanted) throws IOException
    {
        final Map<String, String> pathByName = new HashMap<>();
        final Map<String, List<String>> depsByPath = new HashMap<>();
        for (final String line : Files.readAllLines(moduleDir.resolve("modules.dep")))
        {
            final int colon = line.indexOf(':');
            if (colon < 0)
            {
                continue;
            }
            final String path = line.substring(0, colon);
            final String rest = line.substring(colon + 1).strip();
            depsByPath.put(path, rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
            pathByName.put(moduleName(path), path);
        }
        final Set<String> ordered = new LinkedHashSet<>();
        for (final String name : wanted)
        {
            final String path = pathByName.get(name);
            if (null == path)
            {
                throw new GuestException("module " + name + " not in " + moduleDir + "/modules.dep (built in?)");
            }
            addWithDependencies(path, depsByPath, ordered);
        }
        final List<Path> files = new ArrayList<>();
        for (final String path : ordered)
        {
            if (!path.endsWith(".ko"))
            {
                throw new GuestException("module " + path + " is compressed; the guest's busybox insmod needs .ko");
            }
            files.add(moduleDir.resolve(path));
        }
        return files;
    }

    private static void addWithDependencies(
        final String path, final Map<String, List<String>> depsByPath, final Set<String> ordered)
    {
        if (ordered.contains(path))
        {
            return;
        }
        for (final String dependency : depsByPath.getOrDefault(path, List.of()))
        {
            addWithDependencies(dependency, depsByPath, ordered);
        }
        ordered.add(path);
    }

    /** "kernel/net/9p/9pnet_virtio.ko(.xz)" to "9pnet_virtio"; modprobe treats - and _ alike. */
    static String moduleName(final String path)
    {
        final String file = path.substring(path.lastIndexOf('/') + 1);
        return file.substring(0, file.indexOf(".ko")).replace('-', '_');
    }

    private static byte[] initScript() throws IOException
    {
        try (InputStream in = Initramfs.class.getResourceAsStream(INIT_RESOURCE))
        {
            if (null == in)
            {
                throw new IOException("resource " + INIT_RESOURCE + " missing beside " + Initramfs.class.getName());
            }
            return in.readAllBytes();
        }
    }

    /** Single-quoted for sh. */
    static String quote(final String value)
    {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
