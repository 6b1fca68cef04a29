package io.wirebook.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Hooks as a JVM's exit runs them: in a child JVM, which exits normally after registering them. */
class ExitHookTest
{
    @TempDir
    Path dir;

    @Test
    void anOpenHookRunsAtExitAClosedOneDoesNotAndAFailingOneStaysInside() throws Exception
    {
        final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ExitHookProbe.class.getName(), dir.toString())
            .redirectErrorStream(true).start();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(child.exitValue()).isZero();
        assertThat(dir.resolve("open")).exists();
        assertThat(dir.resolve("closed")).doesNotExist();
        assertThat(dir.resolve("closed-twice")).doesNotExist();
        assertThat(output).contains("wirebook: failing-hook: java.lang.IllegalStateException: on purpose");
        assertThat(output).doesNotContain("Exception in thread");
    }

    @Test
    void closeIsIdempotent()
    {
        final ExitHook hook = ExitHook.register("never-runs", () ->
        {
        });
        hook.close();
        assertThatCode(hook::close).doesNotThrowAnyException();
    }

    /** Registers the hooks of the test, closes two of them, and exits. */
    public static final class ExitHookProbe
    {
        public static void main(final String[] args)
        {
            final Path dir = Path.of(args[0]);
            ExitHook.register("open-hook", () -> touch(dir.resolve("open")));
            ExitHook.register("closed-hook", () -> touch(dir.resolve("closed"))).close();
            final ExitHook twice = ExitHook.register("closed-twice-hook", () -> touch(dir.resolve("closed-twice")));
            twice.close();
            twice.close();
            ExitHook.register("failing-hook", () ->
            {
                throw new IllegalStateException("on purpose");
            });
        }

        private static void touch(final Path file)
        {
            try
            {
                Files.write(file, List.of("ran"));
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        }
    }
}
