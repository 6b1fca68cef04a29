package io.wirebook.vm;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GuestClassPathTest
{
    @Test
    void aClassPathUnderTheGuestsOwnTmpfsIsSharedByItsTopDirectoryOnce() throws Exception
    {
        final Path checkout = Files.createTempDirectory(Path.of("/tmp"), "wbcp");
        try
        {
            Files.createDirectories(checkout.resolve("a/target/classes"));
            Files.createDirectories(checkout.resolve("b/target/classes"));
            final String classPath = String.join(File.pathSeparator, checkout + "/a/target/classes",
                checkout + "/b/target/classes", "/root/.m2/repository/x.jar", "/usr/lib/jvm/x.jar");

            final GuestSpec spec = GuestVm.withClassPath(GuestSpec.defaults(), classPath);

            assertThat(spec.directories()).containsExactly(checkout);
            assertThat(GuestVm.withClassPath(spec, classPath).directories()).containsExactly(checkout);
        }
        finally
        {
            Files.walk(checkout).sorted((x, y) -> y.compareTo(x)).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aClassPathTheGuestSeesAnywayAddsNothing()
    {
        assertThat(GuestVm.withClassPath(GuestSpec.defaults(), "/work/x/target/classes:/root/.m2/y.jar")
            .directories()).isEmpty();
    }
}
