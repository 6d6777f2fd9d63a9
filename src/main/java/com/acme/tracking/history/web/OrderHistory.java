package com.acme.tracking.history.web;

import java.time.Instant;
import java.util.List;

import com.acme.tracking.delivery.DeliveryStatus;
import com.acme.tracking.delivery.Tracking;
import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;

/**
 * An order's history (DESIGN.md, {@code history}), with the ETA it had at each minute of
 * its delivery beside the real arrival.
 *
 * @param orderId the order
 * @param timeline its events, by time, each once
 * @param trail the courier's positions between pickup and the end
 * @param arrivedAt the real arrival: the time of its first {@code DELIVERED} event; null
 * until delivered
 * @param etaReadings the ETA given at each minute from the pickup to the arrival, by
 * time, each once
 */
record OrderHistory(String orderId, List<Step> timeline, List<TrailPoint> trail, @Nullable Instant arrivedAt,
		List<EtaReadingItem> etaReadings) {

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

	/**
	 * The ETA the order had at one moment.
	 *
	 * @param at the time of the courier's fix it was given from
	 * @param estimatedArrivalAt the estimated arrival then
	 * @param estimatedArrivalRange the range then (p10–p90)
	 * @param remainingMeters straight-line distance left then
	 * @param errorSeconds the real arrival minus the estimated arrival, in seconds
	 * (positive: later than said); null until delivered
	 */
	record EtaReadingItem(Instant at, Instant estimatedArrivalAt, Tracking.ArrivalRange estimatedArrivalRange,
			double remainingMeters, @Nullable Double errorSeconds) {
	}

}
