package com.acme.tracking.delivery;

import com.acme.tracking.courier.Position;

/**
 * The courier of an order sent a fix that became its position: what a push needs to send
 * it to the order's watchers, without asking the hot state again. Whether a watcher may
 * see it is {@link CourierVisibility#showsPosition}'s rule, asked with these two.
 *
 * @param delivery the order's state after the fix (arriving and arrived applied)
 * @param position the accepted fix
 */
public record OrderCourierMoved(Delivery delivery, Position position) {
}
