package io.wirebook.bench;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongBinaryOperator;
import java.util.function.LongSupplier;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Loads one version of wirebook's books beside any other in the same JVM: every {@code io.wirebook} class from its
 * own locations first (a wirebook-core jar or classes directory, then this module's classes, for {@link DayReplay}),
 * everything else (the JDK, Agrona) from the parent. Two such loaders hold two independent copies of the books, each
 * compiled and profiled by the JIT on its own.
 */
final class VersionLoader extends URLClassLoader
{
    private static final String OWN_PREFIX = "io.wirebook.";

    static
    {
        registerAsParallelCapable();
    }

    private VersionLoader(final String name, final URL[] urls, final ClassLoader parent)
    {
        super(name, urls, parent);
    }

    /**
     * @param name the version's name, for stack traces.
     * @param core a wirebook-core jar or classes directory.
     * @throws IllegalArgumentException if {@code core} does not exist.
     */
    static VersionLoader of(final String name, final Path core) throws IOException
    {
        if (!Files.exists(core))
        {
            throw new IllegalArgumentException("no wirebook-core at " + core + ": give a jar or a classes directory");
        }
        return new VersionLoader(name,
            new URL[]{core.toUri().toURL(), location(DayReplay.class).toUri().toURL()},
            VersionLoader.class.getClassLoader());
    }

    /** The jar or directory a class was loaded from: for this JVM's own wirebook-core, {@code location(Books)}. */
    static Path location(final Class<?> type)
    {
        try
        {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException("cannot locate the classes of " + type.getName(), ex);
        }
    }

    /**
     * A {@link DayReplay} of this version, seen through JDK types: {@link Replay#run} for the whole day,
     * {@link Replay#parts} for part of it, {@link Replay#clearBooks}.
     */
    Replay replay(final UnsafeBuffer day, final int length, final int maxStockLocate, final int expectedOrders)
    {
        try
        {
            final Class<?> type = loadClass(DayReplay.class.getName());
            final Object replay = type.getConstructor(UnsafeBuffer.class, int.class, int.class, int.class)
                .newInstance(day, length, maxStockLocate, expectedOrders);
            final MethodHandle clear = MethodHandles.publicLookup()
                .findVirtual(type, "clear", MethodType.methodType(void.class)).bindTo(replay);
            return new Replay((LongSupplier)replay, (LongBinaryOperator)replay, clear);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("this version cannot run DayReplay: " + ex, ex);
        }
    }

    /** One version's {@link DayReplay}, seen through JDK types only. */
    record Replay(LongSupplier run, LongBinaryOperator parts, MethodHandle clear)
    {
        /** Empties the version's books, out of the timed part. */
        void clearBooks()
        {
            try
            {
                clear.invokeExact();
            }
            catch (final Throwable ex)
            {
                throw new IllegalStateException("clearing the books failed", ex);
            }
        }
    }

    @Override
    protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException
    {
        if (!name.startsWith(OWN_PREFIX))
        {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name))
        {
            Class<?> type = findLoadedClass(name);
            if (type == null)
            {
                type = findClass(name);
            }
            if (resolve)
            {
                resolveClass(type);
            }
            return type;
        }
    }
}
