package io.wirebook.book;

/**
 * The user's view of the books: told when the top {@link OrderBook#DEPTH} levels of an instrument change.
 */
@FunctionalInterface
public interface BookListener
{
    /**
     * Called once after an operation that changed anything within the top {@link OrderBook#DEPTH} levels of either
     * side of {@code book}: a level's shares or order count, or a level entering or leaving the top. Changes deeper
     * than that are not reported. The book may be read during the call; it must not be kept for later reads
     * that expect the same state.
     */
    void onDepthChanged(OrderBook book);
}
