package io.wirebook.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@link Publisher#run()} sent, and whether it kept to its schedule.
 *
 * @param channels           per channel: data packets, messages, bytes (heartbeats and End of Session included).
 * @param targetRateMsgs     the configured rate.
 * @param measuredMessages   flow messages between 'Q' and 'M': what receivers should count.
 * @param measuredSeconds    from sending 'Q' to sending the last measured packet.
 * @param achievedRateMsgs   measuredMessages / measuredSeconds.
 * @param maxLatenessNs      in the measured phase, the most a message was released after its due time.
 * @param lateCount          measured messages released more than {@code lateThresholdNs} after their due time.
 * @param lateThresholdNs    the threshold for {@code lateCount}.
 * @param minPacketBytes     smallest data packet (UDP payload), over all channels and the whole session.
 * @param meanPacketBytes    mean data packet size.
 * @param maxPacketBytes     largest data packet size.
 * @param skippedMessages    messages the source produced that were not valid ITCH and were not sent.
 * @param flowExhausted      whether the source ran out before the configured duration.
 */
public record PublisherStats(
    List<ChannelStats> channels,
    long targetRateMsgs,
    long measuredMessages,
    double measuredSeconds,
    double achievedRateMsgs,
    long maxLatenessNs,
    long lateCount,
    long lateThresholdNs,
    int minPacketBytes,
    double meanPacketBytes,
    int maxPacketBytes,
    long skippedMessages,
    boolean flowExhausted)
{
    /**
     * @param lastSequenceNumber the sequence number of the channel's last message: receivers that saw all of
     *                           them expect exactly this many.
     */
    public record ChannelStats(
        int channel, String group, long packets, long messages, long bytes, long heartbeats, long lastSequenceNumber)
    {
    }

    public PublisherStats
    {
        channels = List.copyOf(channels);
    }

    public long packets()
    {
        return channels.stream().mapToLong(ChannelStats::packets).sum();
    }

    public long messages()
    {
        return channels.stream().mapToLong(ChannelStats::messages).sum();
    }

    /** Whether no measured message was released later than the threshold. */
    public boolean keptUp()
    {
        return lateCount == 0;
    }

    /** The figures as plain maps and lists, for results.json. */
    public Map<String, Object> toMap()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("target_rate_msgs", targetRateMsgs);
        map.put("measured_messages", measuredMessages);
        map.put("measured_s", measuredSeconds);
        map.put("achieved_rate_msgs", achievedRateMsgs);
        map.put("max_lateness_ns", maxLatenessNs);
        map.put("late_count", lateCount);
        map.put("late_threshold_ns", lateThresholdNs);
        map.put("kept_up", keptUp());
        map.put("packets", packets());
        map.put("messages", messages());
        map.put("packet_bytes_min", minPacketBytes);
        map.put("packet_bytes_mean", meanPacketBytes);
        map.put("packet_bytes_max", maxPacketBytes);
        map.put("skipped_messages", skippedMessages);
        map.put("flow_exhausted", flowExhausted);
        final List<Map<String, Object>> feeds = new ArrayList<>();
        for (final ChannelStats channel : channels)
        {
            final Map<String, Object> feed = new LinkedHashMap<>();
            feed.put("feed", channel.channel());
            feed.put("group", channel.group());
            feed.put("packets", channel.packets());
            feed.put("messages", channel.messages());
            feed.put("bytes", channel.bytes());
            feed.put("heartbeats", channel.heartbeats());
            feed.put("last_sequence_number", channel.lastSequenceNumber());
            feeds.add(feed);
        }
        map.put("feeds", feeds);
        return map;
    }
}
