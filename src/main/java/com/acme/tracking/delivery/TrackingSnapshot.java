package com.acme.tracking.delivery;

import com.acme.tracking.access.Caller;
import org.jspecify.annotations.Nullable;

/**
 * A tracking body with its entity tag.
 *
 * @param tracking the body
 * @param etag weak entity tag naming the state it shows (order version, position,
 * staleness, view), so it does not change while only {@code ageSeconds} grows
 * @param view what the caller may see of the order
 * @param delivery the order's state behind the body
 * @param shownPosition the courier's fix the body shows, if any
 */
public record TrackingSnapshot(Tracking tracking, String etag, Caller.View view, Delivery delivery,
		com.acme.tracking.courier.@Nullable Position shownPosition) {
}
