package io.wirebook.rx.kring;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.FilterCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The kring path's counters, made once when it opens and shared by its rings (polled on the one poll thread). The
 * rings count their own work as it happens: {@code path.rx_slots} (slots read), {@code path.rejected.bad_slot} (a
 * slot whose length does not fit its slot), {@code path.rejected.bad_ring_index} (a producer index more than a ring
 * ahead of the consumer), {@code path.poll_sleeps} (empty polls that slept in poll(2), {@code kring.wait=poll}),
 * and the filters theirs ({@link FilterCounters}). What the kernel counts in each ring's shared area is summed over
 * the rings by {@link #refresh}: {@code path.ring_received}, {@code path.ring_overflow} (the ring was full),
 * {@code path.ring_too_large}, {@code path.rejected.kring_wrong_source}, {@code path.ring_copy_failed} and
 * {@code path.ring_detached} (rings whose interface went away).
 */
final class KringCounters
{
    final AtomicCounter slots;
    final AtomicCounter badSlots;
    final AtomicCounter badIndex;
    final AtomicCounter pollSleeps;
    final FilterCounters filter;

    private final AtomicCounter received;
    private final AtomicCounter overflow;
    private final AtomicCounter tooLarge;
    private final AtomicCounter wrongSource;
    private final AtomicCounter copyFailed;
    private final AtomicCounter detached;

    KringCounters(final HandlerCounters counters)
    {
        slots = counters.path("rx_slots");
        badSlots = counters.path("rejected.bad_slot");
        badIndex = counters.path("rejected.bad_ring_index");
        pollSleeps = counters.path("poll_sleeps");
        filter = new FilterCounters(counters);
        received = counters.path("ring_received");
        overflow = counters.path("ring_overflow");
        tooLarge = counters.path("ring_too_large");
        wrongSource = counters.path("rejected.kring_wrong_source");
        copyFailed = counters.path("ring_copy_failed");
        detached = counters.path("ring_detached");
    }

    /** Sums what the kernel counted in each ring's shared area into the path's counters. Allocates nothing. */
    void refresh(final KringRing[] rings)
    {
        long receivedSum = 0;
        long overflowSum = 0;
        long tooLargeSum = 0;
        long wrongSourceSum = 0;
        long copyFailedSum = 0;
        long detachedSum = 0;
        for (final KringRing ring : rings)
        {
            receivedSum += ring.kernelCounter(KringAbi.COUNTER_RECEIVED);
            overflowSum += ring.kernelCounter(KringAbi.COUNTER_OVERFLOW);
            tooLargeSum += ring.kernelCounter(KringAbi.COUNTER_TOO_LARGE);
            wrongSourceSum += ring.kernelCounter(KringAbi.COUNTER_WRONG_SOURCE);
            copyFailedSum += ring.kernelCounter(KringAbi.COUNTER_COPY_FAILED);
            detachedSum += ring.kernelCounter(KringAbi.COUNTER_DETACHED);
        }
        received.setRelease(receivedSum);
        overflow.setRelease(overflowSum);
        tooLarge.setRelease(tooLargeSum);
        wrongSource.setRelease(wrongSourceSum);
        copyFailed.setRelease(copyFailedSum);
        detached.setRelease(detachedSum);
    }
}
