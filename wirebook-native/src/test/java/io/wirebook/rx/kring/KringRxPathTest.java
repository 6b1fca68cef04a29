package io.wirebook.rx.kring;

import java.util.List;
import java.util.Map;

import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.paths.RxPaths;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What kring does on a host without the wbring module (this one: it cannot load modules; the guest test runs the
 * module): it names the missing device and how to build and load the module, and an open of something that is not
 * the device fails cleanly, releasing what it opened. The ring itself is tested over a fake producer
 * ({@link KringRingTest}) and in the guest.
 */
class KringRxPathTest
{
    private static final Channel FEED = Channel.of("239.1.1.1", 12345);

    @Test
    void withoutTheDeviceItIsUnavailableNamingTheModuleAndHowToLoadIt()
    {
        final KringRxPath path = new KringRxPath();

        assertThatThrownBy(() -> path.open(config(Map.of("kring.device", "/dev/wbring-absent"))))
            .isInstanceOf(RxUnavailableException.class)
            .hasMessageStartingWith("no /dev/wbring-absent")
            .hasMessageContaining("fix: build and load wirebook's wbring module")
            .hasMessageContaining("insmod").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> path.poll((c, b, o, l, a) -> { })).isInstanceOf(IllegalStateException.class)
            .hasMessage("kring is not open");
        path.close();
    }

    @Test
    void aFileThatIsNotTheDeviceRefusesTheSetupIoctlAndIsClosedAgain()
    {
        final KringRxPath path = new KringRxPath();

        assertThatThrownBy(() -> path.open(config(Map.of("kring.device", "/dev/null"))))
            .isInstanceOf(RxUnavailableException.class)
            .hasMessageStartingWith("/dev/null is not the wbring device (ioctl(WBRING_IOC_SETUP)")
            .hasMessageContaining("fix: kring.device=/dev/wbring");
        path.close();
    }

    @Test
    void thePathsListSaysWhyThisHostCannotRunIt()
    {
        final String missing = KringRxPath.prerequisitesMissing("/dev/wbring-absent");

        assertThat(missing).startsWith("no /dev/wbring-absent (the wbring module is not loaded); fix: ");
        assertThat(KringRxPath.prerequisitesMissing("/dev/null")).isNull();
        assertThat(RxPaths.needs("kring")).contains("wbring");
    }

    @Test
    void theIoctlRequestsAreThoseOfTheModulesHeader()
    {
        // _IOW('W', 1, struct wbring_setup), _IOW('W', 2, struct wbring_flow), _IOR('W', 3, struct wbring_geometry)
        assertThat(KringAbi.IOC_SETUP).isEqualTo(0x40085701L);
        assertThat(KringAbi.IOC_ADD_FLOW).isEqualTo(0x40245702L);
        assertThat(KringAbi.IOC_GET_GEOMETRY).isEqualTo(0x80205703L);
        assertThat(KringAbi.PRODUCER).isEqualTo(64);
        assertThat(KringAbi.CONSUMER).isEqualTo(128);
        assertThat(KringAbi.COUNTERS).isEqualTo(192);
        assertThat(KringAbi.HEADER.byteSize()).isEqualTo(KringAbi.HEADER_SIZE);
        assertThat(KringAbi.SLOT_HEADER).isEqualTo(16);
    }

    private static RxConfig config(final Map<String, String> options)
    {
        return new RxConfig(List.of(new Flow(0, Flow.LINE_A, FEED, Flow.ANY_SOURCE, Flow.ANY_PORT, "lo", 0x7f000001)),
            -1, options);
    }
}
