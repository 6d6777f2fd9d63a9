package com.acme.tracking.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * When an order is expected to arrive, with the range the arrival falls in four times in
 * five (the model's p10–p90, scaled by the trip's pace). Predicted from the time of the
 * courier's last fix, the courier assumed to have gone on since: an old fix does not make
 * the estimate late.
 *
 * @param estimatedArrivalAt the median arrival
 * @param earliest one arrival in ten is sooner (p10)
 * @param latest one arrival in ten is later (p90)
 */
public record EtaEstimate(Instant estimatedArrivalAt, Instant earliest, Instant latest) {

	/** An order that has arrived: at {@code at}, with no range. */
	static EtaEstimate arrived(Instant at) {
		return new EtaEstimate(at, at, at);
	}

	/** Whole seconds from {@code now} to the estimated arrival, 0 once it has passed. */
	public long secondsFrom(Instant now) {
		Duration left = Duration.between(now, this.estimatedArrivalAt);
		if (left.isNegative() || left.isZero()) {
			return 0;
		}
		return left.getSeconds() + ((left.getNano() > 0) ? 1 : 0);
	}

}
