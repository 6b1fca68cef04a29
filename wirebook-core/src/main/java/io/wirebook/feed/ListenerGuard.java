package io.wirebook.feed;

import io.wirebook.book.BookListener;
import io.wirebook.book.OrderBook;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Catches what the user's listeners throw, so that one bad callback cannot leave a receive ring half consumed or
 * stop the poll loop without a word: the error goes to the {@link ErrorHandler} and a counter, and the loop goes on,
 * or stops after the current poll when the handler is configured to.
 */
final class ListenerGuard implements BookListener
{
    private final ErrorHandler errorHandler;
    private final boolean stopOnError;
    private final BookListener books;
    private final AtomicCounter errors;
    private volatile boolean stopRequested;

    /** Counts errors in {@code errors} ({@code handler.errors}). */
    ListenerGuard(final ErrorHandler errorHandler, final boolean stopOnError, final BookListener books,
        final AtomicCounter errors)
    {
        this.errors = errors;
        this.errorHandler = errorHandler;
        this.stopOnError = stopOnError;
        this.books = books;
    }

    @Override
    public void onDepthChanged(final OrderBook book)
    {
        try
        {
            books.onDepthChanged(book);
        }
        catch (final Throwable t)
        {
            onError(t);
        }
    }

    /** A listener failed: the error is reported, and the loop stops if so configured. */
    void onError(final Throwable t)
    {
        if (stopOnError)
        {
            stopRequested = true;
        }
        report(t);
    }

    /** Something went wrong that the handler recovers from by itself: reported, never a reason to stop. */
    void report(final Throwable t)
    {
        errors.incrementRelease();
        try
        {
            errorHandler.onError(t);
        }
        catch (final Throwable ignored)
        {
            // An error handler that throws must not take the poll loop down with it.
        }
    }

    long errors()
    {
        return errors.get();
    }

    boolean stopRequested()
    {
        return stopRequested;
    }
}
