package io.wirebook.lab;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.wirebook.book.Books;
import io.wirebook.book.OrderBook;

/**
 * A SHA-256 over the 10-level depth (price, shares, orders per level, both sides) of every instrument: two hosts
 * that built the same books print the same digest. The simulator digests its own books, the receiver its books.
 */
public final class BookDigest
{
    private BookDigest()
    {
    }

    public static String of(final Books books, final int maxStockLocate)
    {
        final MessageDigest sha;
        try
        {
            sha = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
        final ByteBuffer scratch = ByteBuffer.allocate(32);
        for (int locate = 0; locate <= maxStockLocate; locate++)
        {
            final OrderBook book = books.book(locate);
            if (book == null || (book.bidLevels() == 0 && book.askLevels() == 0))
            {
                continue;
            }
            scratch.clear();
            scratch.putInt(locate).putInt(Math.min(book.bidLevels(), OrderBook.DEPTH))
                .putInt(Math.min(book.askLevels(), OrderBook.DEPTH));
            sha.update(scratch.flip());
            for (int level = 0; level < Math.min(book.bidLevels(), OrderBook.DEPTH); level++)
            {
                scratch.clear();
                scratch.put((byte)'B').putLong(book.bidPrice(level)).putLong(book.bidShares(level))
                    .putInt(book.bidOrders(level));
                sha.update(scratch.flip());
            }
            for (int level = 0; level < Math.min(book.askLevels(), OrderBook.DEPTH); level++)
            {
                scratch.clear();
                scratch.put((byte)'S').putLong(book.askPrice(level)).putLong(book.askShares(level))
                    .putInt(book.askOrders(level));
                sha.update(scratch.flip());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
