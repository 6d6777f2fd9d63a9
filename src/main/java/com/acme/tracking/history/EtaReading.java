package com.acme.tracking.history;

import java.time.Instant;

/**
 * An ETA an order had at one moment of its delivery, read back from the warehouse.
 *
 * @param readAt the time of the fix it was given from
 * @param estimatedArrivalAt the estimated arrival
 * @param earliest the range's start (p10)
 * @param latest the range's end (p90)
 * @param remainingMeters straight-line distance from the fix to the destination
 */
public record EtaReading(Instant readAt, Instant estimatedArrivalAt, Instant earliest, Instant latest,
		double remainingMeters) {
}
