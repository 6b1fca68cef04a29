package io.wirebook.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import io.wirebook.lab.LabNetworkException;
import io.wirebook.lab.SystemCommand;

/**
 * wirebook's wbring kernel module (the {@code kring} path's driver), built out of tree against a kernel's headers:
 * its sources are class-path resources ({@code wbring/}, copied from {@code wirebook-native/src/main/c/wbring}),
 * {@link #build} copies them into a directory of the caller's and runs Kbuild there, so that no build product lands
 * in the source tree. The guest loads the result with {@code insmod}.
 */
public final class WbringModule
{
    /** The module's name, as lsmod and rmmod know it. */
    public static final String NAME = "wbring";
    /** The device the module makes, and the kring path opens. */
    public static final String DEVICE = "/dev/wbring";

    private static final String RESOURCE_DIR = "/wbring/";
    private static final List<String> SOURCES = List.of("wbring.c", "wbring.h", "Kbuild");

    private WbringModule()
    {
    }

    /** Null when the module can be built for {@code kernel} here; else one line with what is missing and the fix. */
    public static String whyUnbuildable(final GuestKernel kernel)
    {
        final List<String> missing = new ArrayList<>();
        if (!Files.isReadable(buildDirectory(kernel).resolve("Makefile")))
        {
            missing.add(buildDirectory(kernel) + " (linux-headers-" + kernel.version() + ")");
        }
        for (final String tool : List.of("make", "gcc"))
        {
            if (null == SystemCommand.find(tool))
            {
                missing.add(tool);
            }
        }
        if (null == WbringModule.class.getResource(RESOURCE_DIR + SOURCES.getFirst()))
        {
            missing.add("the module's sources on the class path (wirebook-native's wbring/)");
        }
        return missing.isEmpty() ? null : "cannot build the wbring module: no " + String.join(", no ", missing)
            + "; fix: scripts/setup.sh";
    }

    /**
     * Copies the sources into {@code directory} (made if need be) and builds them against {@code kernel}'s headers.
     *
     * @return the module, {@code directory/wbring.ko}.
     * @throws GuestException with the build's own error when it fails.
     */
    public static Path build(final GuestKernel kernel, final Path directory)
    {
        final String why = whyUnbuildable(kernel);
        if (null != why)
        {
            throw new GuestException(why);
        }
        try
        {
            Files.createDirectories(directory);
            for (final String source : SOURCES)
            {
                try (InputStream in = WbringModule.class.getResourceAsStream(RESOURCE_DIR + source))
                {
                    Files.copy(in, directory.resolve(source), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot copy the wbring sources to " + directory, ex);
        }
        try
        {
            SystemCommand.run(SystemCommand.find("make"), "-s", "-C", buildDirectory(kernel).toString(),
                "M=" + directory.toAbsolutePath(), "modules");
        }
        catch (final LabNetworkException ex)
        {
            throw new GuestException("the wbring module did not build for " + kernel.version() + ": "
                + ex.getMessage() + "; fix: check gcc matches the kernel's (scripts/setup.sh)", ex);
        }
        final Path module = directory.resolve(NAME + ".ko");
        if (!Files.isRegularFile(module))
        {
            throw new GuestException("make left no " + module + "; fix: check the kernel headers (scripts/setup.sh)");
        }
        return module;
    }

    /** The Kbuild directory of {@code kernel}'s headers: /lib/modules/VERSION/build. */
    public static Path buildDirectory(final GuestKernel kernel)
    {
        return kernel.modules().resolve("build");
    }
}
