package io.wirebook.rx.uring;

import io.wirebook.counters.HandlerCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The io-uring path's counters, made once when it opens, in the handler's ({@code path.NAME}); the poll thread is
 * their one writer. The ring counts its system calls ({@code enter_calls}, {@code sq_wakeups}, {@code submit_errors},
 * {@code taskrun_enters}) and copies the two counts the kernel keeps in the rings ({@code sq_dropped},
 * {@code cq_overflow}); the path counts what the completions were ({@code datagrams} handed over, {@code rearms},
 * {@code enobufs}, {@code cqe_errors}, {@code truncated}, {@code unmatched}, {@code rejected.bad_descriptor},
 * {@code cq_overflow_flushes}).
 */
final class IoUringCounters
{
    static final String BAD_DESCRIPTOR = "rejected.bad_descriptor";

    final AtomicCounter enterCalls;
    final AtomicCounter sqWakeups;
    final AtomicCounter submitErrors;
    final AtomicCounter taskRunEnters;
    final AtomicCounter sqDropped;
    final AtomicCounter cqOverflow;
    final AtomicCounter datagrams;
    final AtomicCounter rearms;
    final AtomicCounter enobufs;
    final AtomicCounter cqeErrors;
    final AtomicCounter truncated;
    final AtomicCounter unmatched;
    final AtomicCounter badDescriptors;
    final AtomicCounter overflowFlushes;

    IoUringCounters(final HandlerCounters counters)
    {
        enterCalls = counters.path("enter_calls");
        sqWakeups = counters.path("sq_wakeups");
        submitErrors = counters.path("submit_errors");
        taskRunEnters = counters.path("taskrun_enters");
        sqDropped = counters.path("sq_dropped");
        cqOverflow = counters.path("cq_overflow");
        datagrams = counters.path("datagrams");
        rearms = counters.path("rearms");
        enobufs = counters.path("enobufs");
        cqeErrors = counters.path("cqe_errors");
        truncated = counters.path("truncated");
        unmatched = counters.path("unmatched");
        badDescriptors = counters.path(BAD_DESCRIPTOR);
        overflowFlushes = counters.path("cq_overflow_flushes");
    }
}
