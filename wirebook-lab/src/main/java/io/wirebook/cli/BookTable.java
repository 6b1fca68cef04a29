package io.wirebook.cli;

import io.wirebook.book.OrderBook;

/**
 * A book's best {@link OrderBook#DEPTH} levels side by side, bids on the left, prices in dollars (ITCH prices carry
 * four decimals).
 */
final class BookTable
{
    private static final String ROW = "%5s %8s %12s %12s | %-12s %12s %8s%n";

    private BookTable()
    {
    }

    static String format(final OrderBook book)
    {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(ROW, "level", "orders", "shares", "bid", "ask", "shares", "orders"));
        final int levels = Math.min(OrderBook.DEPTH, Math.max(book.bidLevels(), book.askLevels()));
        for (int level = 0; level < levels; level++)
        {
            final boolean bid = level < book.bidLevels();
            final boolean ask = level < book.askLevels();
            out.append(String.format(ROW, level + 1,
                bid ? Integer.toString(book.bidOrders(level)) : "",
                bid ? String.format("%,d", book.bidShares(level)) : "",
                bid ? price(book.bidPrice(level)) : "",
                ask ? price(book.askPrice(level)) : "",
                ask ? String.format("%,d", book.askShares(level)) : "",
                ask ? Integer.toString(book.askOrders(level)) : ""));
        }
        if (levels == 0)
        {
            out.append("(empty book)\n");
        }
        return out.toString().stripTrailing();
    }

    private static String price(final long price)
    {
        return String.format("%d.%04d", price / 10_000, price % 10_000);
    }
}
