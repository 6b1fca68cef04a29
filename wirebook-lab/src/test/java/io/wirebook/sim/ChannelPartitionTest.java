package io.wirebook.sim;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelPartitionTest
{
    @Test
    void dealsInstrumentsRoundRobin()
    {
        final ChannelPartition partition = new ChannelPartition(4);
        assertThat(partition.channelOf(1)).isZero();
        assertThat(partition.channelOf(2)).isEqualTo(1);
        assertThat(partition.channelOf(4)).isEqualTo(3);
        assertThat(partition.channelOf(5)).isZero();
        assertThat(partition.channelOf(8)).isEqualTo(3);
    }

    @Test
    void systemWideLocateGoesToTheFirstChannel()
    {
        assertThat(new ChannelPartition(4).channelOf(0)).isZero();
    }

    @Test
    void oneChannelCarriesEverything()
    {
        final ChannelPartition partition = new ChannelPartition(1);
        for (int locate = 0; locate <= 65535; locate += 97)
        {
            assertThat(partition.channelOf(locate)).isZero();
        }
    }

    @Test
    void rejectsNoChannels()
    {
        assertThatThrownBy(() -> new ChannelPartition(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void everyLocateLandsOnAChannelAndNeighboursSpread(
        @ForAll @IntRange(min = 1, max = 64) final int channels,
        @ForAll @IntRange(min = 1, max = 65534) final int locate)
    {
        final ChannelPartition partition = new ChannelPartition(channels);
        final int channel = partition.channelOf(locate);
        assertThat(channel).isBetween(0, channels - 1);
        if (channels > 1)
        {
            assertThat(partition.channelOf(locate + 1)).isNotEqualTo(channel);
        }
    }
}
