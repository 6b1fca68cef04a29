package io.wirebook.lab;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** results.json's {@code capture} object, from the receiver's properties. */
class ReceiverReportCaptureTest
{
    @Test
    void captureKeysBecomeTheCaptureObjectAndItsAbsenceNull()
    {
        final Properties p = new Properties();
        assertThat(ReceiverReport.capture(p)).as("capture off").isNull();

        p.setProperty("capture.file", "/tmp/r/af-xdp/capture.pcap");
        p.setProperty("capture.packets", "89768");
        p.setProperty("capture.dropped", "3");
        p.setProperty("capture.bytes", "33580956");
        final Map<String, Object> capture = ReceiverReport.capture(p);

        assertThat(capture).containsExactly(Map.entry("file", "/tmp/r/af-xdp/capture.pcap"),
            Map.entry("packets", 89_768L), Map.entry("dropped", 3L), Map.entry("bytes", 33_580_956L));
    }
}
