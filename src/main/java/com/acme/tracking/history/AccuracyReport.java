package com.acme.tracking.history;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The accuracy of the ETAs of the orders delivered in [from, to) against their real
 * arrivals ({@link EtaAccuracy}), each reading once. Figures are of the absolute error,
 * in seconds; null where there are no readings.
 *
 * @param from start of the delivered time range
 * @param to end of the delivered time range (exclusive)
 * @param orders delivered orders in the range that have readings
 * @param readings their readings
 * @param maeSeconds mean absolute error
 * @param p50Seconds median absolute error (interpolated)
 * @param p90Seconds 90th percentile of the absolute error (interpolated)
 * @param buckets one per bucket of {@link EtaAccuracy#BUCKETS}, in that order
 */
public record AccuracyReport(Instant from, Instant to, long orders, long readings, @Nullable Double maeSeconds,
		@Nullable Double p50Seconds, @Nullable Double p90Seconds, List<Bucket> buckets) {

	/**
	 * The mean of the windows' shares within, over those with readings (null when none
	 * has).
	 */
	public @Nullable Double score() {
		return EtaAccuracy.score(this.buckets.stream()
			.filter((bucket) -> !bucket.until().equals(EtaAccuracy.BEYOND))
			.map(Bucket::withinWindow)
			.toList());
	}

	/**
	 * @param until the bucket of time to arrival
	 * @param readings readings in it
	 * @param maeSeconds mean absolute error
	 * @param p50Seconds median absolute error
	 * @param p90Seconds 90th percentile of the absolute error
	 * @param withinWindow the share of its readings within its window (null without
	 * readings, and for {@value EtaAccuracy#BEYOND}, which has no window)
	 */
	public record Bucket(String until, long readings, @Nullable Double maeSeconds, @Nullable Double p50Seconds,
			@Nullable Double p90Seconds, @Nullable Double withinWindow) {
	}

}
