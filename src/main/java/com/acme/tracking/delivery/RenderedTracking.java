package com.acme.tracking.delivery;

import com.acme.tracking.courier.Position;
import org.jspecify.annotations.Nullable;

/**
 * An order's tracking body as rendered for one audience, with its entity tag.
 *
 * @param tracking the body
 * @param etag weak entity tag naming the state it shows (order version, position,
 * staleness, audience), so it does not change while only {@code ageSeconds} grows
 * @param audience who the caller is to the order
 * @param delivery the order's state behind the body
 * @param shownPosition the courier's fix the body shows, if any
 */
public record RenderedTracking(Tracking tracking, String etag, Audience audience, Delivery delivery,
		@Nullable Position shownPosition) {
}
