package io.wirebook.rx;

import io.wirebook.counters.HandlerCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What the {@link FrameFilter}s of one path count, made once when the path opens and shared by the filters of all
 * its interfaces (they run on the one poll thread): {@code path.frames_accepted}, {@code path.frames_ignored},
 * {@code path.udp_checksum_absent} and {@code path.rejected.<reason>} for every {@link FrameFilter} reason.
 */
public final class FilterCounters
{
    final AtomicCounter framesAccepted;
    final AtomicCounter framesIgnored;
    final AtomicCounter udpChecksumAbsent;
    final AtomicCounter[] rejected = new AtomicCounter[FrameFilter.reasonCount()];

    public FilterCounters(final HandlerCounters counters)
    {
        framesAccepted = counters.path("frames_accepted");
        framesIgnored = counters.path("frames_ignored");
        udpChecksumAbsent = counters.path("udp_checksum_absent");
        for (int reason = 0; reason < rejected.length; reason++)
        {
            rejected[reason] = counters.path("rejected." + FrameFilter.reasonName(reason));
        }
    }

    public long framesAccepted()
    {
        return framesAccepted.get();
    }

    /** Frames for other addresses or protocols: not ours, so not rejections. */
    public long framesIgnored()
    {
        return framesIgnored.get();
    }

    /** Accepted datagrams whose sender computed no UDP checksum (0 on the wire). */
    public long udpChecksumAbsent()
    {
        return udpChecksumAbsent.get();
    }

    /** Frames of our flows rejected for {@code reason} ({@link FrameFilter#WRONG_SOURCE} ...). */
    public long rejected(final int reason)
    {
        return rejected[reason].get();
    }
}
