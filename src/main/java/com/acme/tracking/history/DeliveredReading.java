package com.acme.tracking.history;

import java.time.Duration;
import java.time.Instant;

/**
 * A reading of a delivered order beside its real arrival (the order's first
 * {@code DELIVERED} event, the arrival the ETA learner uses).
 *
 * @param orderId the order
 * @param arrivedAt the real arrival
 * @param readAt the time the ETA was given from
 * @param estimatedArrivalAt the ETA given then
 */
public record DeliveredReading(String orderId, Instant arrivedAt, Instant readAt, Instant estimatedArrivalAt) {

	/** Real arrival minus estimated arrival, in seconds: positive when late. */
	public double errorSeconds() {
		return seconds(this.estimatedArrivalAt, this.arrivedAt);
	}

	/** Real arrival minus the reading's time, in seconds. */
	public double secondsToArrival() {
		return seconds(this.readAt, this.arrivedAt);
	}

	static double seconds(Instant from, Instant to) {
		return Duration.between(from, to).toMillis() / 1000.0;
	}

}
