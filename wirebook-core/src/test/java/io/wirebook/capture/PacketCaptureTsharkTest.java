package io.wirebook.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.wirebook.itch.ItchWriter;
import io.wirebook.mold.MoldPacketizer;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Channel;
import io.wirebook.stats.HostClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the issue asks of a capture: tshark's moldudp64 dissector reads the session and unbroken sequences. */
class PacketCaptureTsharkTest
{
    private static final Path TSHARK = Path.of("/usr/bin/tshark");
    private static final int PACKETS = 200;
    private static final int MESSAGES_PER_PACKET = 5;

    @TempDir
    Path dir;

    @Test
    void tsharkDecodesTheSessionAndUnbrokenSequencesOfCapturedMoldPackets() throws Exception
    {
        assumeTrue(Files.isExecutable(TSHARK), "skipped: tshark is not installed; fix: apt-get install tshark");
        final Path file = dir.resolve("mold.pcap");
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[1400]);
        final MoldPacketizer packetizer = new MoldPacketizer(MoldUDP64.session("WIREBOOK01"), packet, 1400);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[1500]);
        long sequence = 1;
        try (PacketCapture capture = PacketCapture.open(file))
        {
            for (int p = 0; p < PACKETS; p++)
            {
                packetizer.reset(sequence);
                for (int m = 0; m < MESSAGES_PER_PACKET; m++)
                {
                    packetizer.commitMessage(ItchWriter.orderDelete(packet, packetizer.beginMessage(), 1, 0,
                        HostClock.itchTimestamp(HostClock.nanos()), sequence + m));
                }
                sequence += MESSAGES_PER_PACKET;
                final int group = Channel.parseIpv4(p % 2 == 0 ? "239.1.1.1" : "239.1.2.1");
                if (p % 4 == 3)
                {
                    // The raw-frame way: the same datagram as af-xdp would hand over.
                    final int length = UdpFrameHeaders.write(frame, 0, Channel.parseIpv4("198.18.0.1"), 12344,
                        group, 12345, packetizer.length());
                    frame.putBytes(UdpFrameHeaders.HEADERS_LENGTH, packet, 0, packetizer.length());
                    assertThat(capture.frame(frame, 0, length, HostClock.nanos())).isTrue();
                }
                else
                {
                    assertThat(capture.datagram(Channel.parseIpv4("198.18.0.1"), 12344, group, 12345, packet, 0,
                        packetizer.length(), HostClock.nanos())).isTrue();
                }
            }
        }

        final List<String> lines = tshark(file, "-T", "fields", "-e", "moldudp64.session",
            "-e", "moldudp64.sequence", "-e", "moldudp64.count");
        assertThat(lines).hasSize(PACKETS);
        long expected = 1;
        for (final String line : lines)
        {
            final String[] fields = line.split("\t");
            assertThat(fields).as(line).hasSize(3);
            assertThat(fields[0].trim()).isEqualTo("WIREBOOK01");
            assertThat(Long.parseLong(fields[1])).as("sequence, unbroken").isEqualTo(expected);
            assertThat(Integer.parseInt(fields[2])).isEqualTo(MESSAGES_PER_PACKET);
            expected += MESSAGES_PER_PACKET;
        }
        assertThat(tshark(file, "-T", "fields", "-e", "ip.checksum.status", "-o", "ip.check_checksum:TRUE"))
            .as("every IPv4 header checksum is good (status 1: good)").hasSize(PACKETS)
            .allSatisfy(status -> assertThat(status).isIn("1", "Good"));
    }

    private static List<String> tshark(final Path file, final String... fields) throws IOException,
        InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(TSHARK.toString(), "-n", "-r",
            file.toString(), "-d", "udp.port==12345,moldudp64"));
        command.addAll(List.of(fields));
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("tshark exit status").isZero();
        return out.lines().toList();
    }
}
