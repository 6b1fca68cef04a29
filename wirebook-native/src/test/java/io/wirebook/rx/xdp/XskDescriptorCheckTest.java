package io.wirebook.rx.xdp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The check every RX descriptor passes before its frame is read; no kernel needed. */
class XskDescriptorCheckTest
{
    private static final int FRAME = 2048;
    private static final long UMEM = 64L * FRAME;
    /** Where the kernel puts a frame in copy mode: XDP_PACKET_HEADROOM into its chunk. */
    private static final long HEADROOM = 256;

    @Test
    void aFrameInsideItsChunkWithRoomForTheStampFits()
    {
        assertThat(XskSocket.descriptorFits(HEADROOM, 1500, UMEM, FRAME)).isTrue();
        assertThat(XskSocket.descriptorFits(63L * FRAME + HEADROOM, FRAME - (int)HEADROOM, UMEM, FRAME)).isTrue();
    }

    @Test
    void anAddressOutsideTheUmemDoesNot()
    {
        assertThat(XskSocket.descriptorFits(UMEM + HEADROOM, 64, UMEM, FRAME)).isFalse();
        assertThat(XskSocket.descriptorFits(-HEADROOM, 64, UMEM, FRAME)).isFalse();
        assertThat(XskSocket.descriptorFits(Long.MIN_VALUE, 64, UMEM, FRAME)).isFalse();
    }

    @Test
    void aLengthThatCrossesIntoTheNextFrameOrIsNotPositiveDoesNot()
    {
        assertThat(XskSocket.descriptorFits(HEADROOM, FRAME, UMEM, FRAME)).isFalse();
        assertThat(XskSocket.descriptorFits(63L * FRAME + HEADROOM, FRAME, UMEM, FRAME)).isFalse();
        assertThat(XskSocket.descriptorFits(HEADROOM, 0, UMEM, FRAME)).isFalse();
        assertThat(XskSocket.descriptorFits(HEADROOM, -1, UMEM, FRAME)).isFalse();
    }

    @Test
    void aFrameWithNoRoomBeforeItForTheStampDoesNot()
    {
        assertThat(XskSocket.descriptorFits(4L * FRAME, 64, UMEM, FRAME)).isFalse();
        assertThat(XskSocket.descriptorFits(4L * FRAME + 7, 64, UMEM, FRAME)).isFalse();
        assertThat(XskSocket.descriptorFits(4L * FRAME + 8, 64, UMEM, FRAME)).isTrue();
    }

    @Test
    void theFlowMapLayoutsAreThoseOfTheXdpProgram()
    {
        // struct wb_flow { u32 daddr; u32 saddr; u16 dport; u16 pad; }, struct wb_flow_value { u32; u16; u16; }
        assertThat(XdpProgram.FLOW_KEY.byteSize()).isEqualTo(12);
        assertThat(XdpProgram.FLOW_VALUE.byteSize()).isEqualTo(8);
    }

    @Test
    void theSocketLayoutsAreThoseOfIfXdpH()
    {
        assertThat(XskSocket.UMEM_REG.byteSize()).isEqualTo(32);
        assertThat(XskSocket.MMAP_OFFSETS.byteSize()).isEqualTo(128);
        assertThat(XskSocket.SOCKADDR_XDP.byteSize()).isEqualTo(16);
    }
}
