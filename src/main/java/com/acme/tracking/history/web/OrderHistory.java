package com.acme.tracking.history.web;

import java.time.Instant;
import java.util.List;

import com.acme.tracking.delivery.DeliveryStatus;
import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;

/**
 * An order's history (DESIGN.md, {@code history}).
 *
 * @param orderId the order
 * @param timeline its events, by time, each once
 * @param trail the courier's positions between pickup and the end
 */
record OrderHistory(String orderId, List<Step> timeline, List<TrailPoint> trail) {

	/**
	 * @param status the status the event moved to
	 * @param occurredAt when
	 * @param location where the courier was (none shown to customers before pickup)
	 */
	record Step(DeliveryStatus status, Instant occurredAt, @Nullable GeoPoint location) {
	}

	/**
	 * @param lat latitude
	 * @param lon longitude
	 * @param recordedAt device time
	 */
	record TrailPoint(double lat, double lon, Instant recordedAt) {
	}

}
