package io.wirebook.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class HugePagesTest
{
    @TempDir
    Path root;

    @Test
    void readsEachPoolAndSumsTheFreePagesOfEverySize() throws IOException
    {
        write("hugepages-2048kB/nr_hugepages", "512\n");
        write("hugepages-2048kB/free_hugepages", "500\n");
        write("hugepages-1048576kB/nr_hugepages", "2\n");
        write("hugepages-1048576kB/free_hugepages", "1\n");
        write("hugepages-64kB/free_hugepages", "garbage\n");
        final HugePages pages = underRoot();

        assertThat(pages.pool(HugePages.SIZE_2M_KB)).isEqualTo(new HugePages.Pool(2048, 512, 500));
        assertThat(pages.pool(1048576)).isEqualTo(new HugePages.Pool(1048576, 2, 1));
        assertThat(pages.pool(64)).isEqualTo(new HugePages.Pool(64, -1, -1));
        assertThat(pages.freeOfAnySize()).isEqualTo(501);
    }

    @Test
    void aKernelWithoutHugepagesHasNone()
    {
        final HugePages pages = underRoot();
        assertThat(pages.pool(HugePages.SIZE_2M_KB)).isEqualTo(new HugePages.Pool(2048, -1, -1));
        assertThat(pages.freeOfAnySize()).isZero();
    }

    @Test
    void thisHostReadsAsItsFilesSay()
    {
        final HugePages.Pool pool = HugePages.system().pool(HugePages.SIZE_2M_KB);
        assertThat(pool.free()).isLessThanOrEqualTo(pool.total());
        assertThat(HugePages.system().freeOfAnySize()).isGreaterThanOrEqualTo(Math.max(0, pool.free()));
    }

    private void write(final String file, final String text) throws IOException
    {
        final Path path = resolve(HugePages.SYSFS + "/" + file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    private HugePages underRoot()
    {
        return new HugePages(path ->
        {
            try
            {
                return Files.readString(resolve(path)).strip();
            }
            catch (final IOException ex)
            {
                return null;
            }
        }, directory ->
        {
            final List<String> names = new ArrayList<>();
            try (Stream<Path> entries = Files.list(resolve(directory)))
            {
                entries.forEach(entry -> names.add(entry.getFileName().toString()));
            }
            catch (final IOException ex)
            {
                return List.of();
            }
            return names;
        });
    }

    private Path resolve(final String path)
    {
        return root.resolve(path.substring(1));
    }
}
