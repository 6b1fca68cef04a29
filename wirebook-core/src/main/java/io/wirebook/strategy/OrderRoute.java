package io.wirebook.strategy;

import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;

/**
 * Where and how a {@link Strategy}'s orders go: opened once by the feed handler on the poll thread, after the
 * receive path opened, so that a route over the path's own transmitter sends on the same socket, XSK or port.
 */
@FunctionalInterface
public interface OrderRoute
{
    /**
     * @param path the open receive path, whose transmitter a UDP route uses.
     * @throws RxUnavailableException when this path cannot send on this route; its message says why and the fix.
     */
    OrderSender open(RxPath path) throws RxUnavailableException;
}
