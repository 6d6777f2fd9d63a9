package com.acme.tracking.history;

import java.sql.Timestamp;

/**
 * One row of {@code eta_readings}: the ETA the service gave for an order from one fix of
 * its courier.
 *
 * @param orderId the order
 * @param readAt the fix's time, the ETA was given from
 * @param estimatedArrivalAt the estimated arrival
 * @param earliestAt the range's start (p10)
 * @param latestAt the range's end (p90)
 * @param remainingMeters straight-line distance from the fix to the destination
 * @param ingestedAt when the writer wrote it
 */
public record EtaReadingRow(String orderId, Timestamp readAt, Timestamp estimatedArrivalAt, Timestamp earliestAt,
		Timestamp latestAt, double remainingMeters, Timestamp ingestedAt) {

	static final String COLUMNS = "order_id, read_at, estimated_arrival_at, earliest_at, latest_at, remaining_meters, "
			+ "ingested_at";

	static final int WIDTH = 7;

	Object[] values() {
		return new Object[] { this.orderId, this.readAt, this.estimatedArrivalAt, this.earliestAt, this.latestAt,
				this.remainingMeters, this.ingestedAt };
	}

}
