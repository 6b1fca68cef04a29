package io.wirebook.rx.xdp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NapiDeferralTest
{
    @TempDir
    Path sys;

    @Test
    void setsBothWhileOpenAndPutsBackWhatWasThere() throws IOException
    {
        final Path device = Files.createDirectories(sys.resolve("wbh-a"));
        Files.writeString(device.resolve("napi_defer_hard_irqs"), "0\n");
        Files.writeString(device.resolve("gro_flush_timeout"), "20000\n");

        final NapiDeferral deferral = NapiDeferral.apply(sys, "wbh-a");
        assertThat(Files.readString(device.resolve("napi_defer_hard_irqs"))).isEqualTo(NapiDeferral.DEFER_HARD_IRQS);
        assertThat(Files.readString(device.resolve("gro_flush_timeout"))).isEqualTo(NapiDeferral.GRO_FLUSH_TIMEOUT);

        deferral.restore();
        assertThat(Files.readString(device.resolve("napi_defer_hard_irqs"))).isEqualTo("0");
        assertThat(Files.readString(device.resolve("gro_flush_timeout"))).isEqualTo("20000");
    }

    @Test
    void anInterfaceThisSysDoesNotShowIsAnErrorThatChangesNothing() throws IOException
    {
        final Path device = Files.createDirectories(sys.resolve("half"));
        Files.writeString(device.resolve("napi_defer_hard_irqs"), "0\n");

        assertThatThrownBy(() -> NapiDeferral.apply(sys, "missing")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> NapiDeferral.apply(sys, "half")).isInstanceOf(IOException.class);
        assertThat(Files.readString(device.resolve("napi_defer_hard_irqs"))).isEqualTo("0\n");
    }
}
