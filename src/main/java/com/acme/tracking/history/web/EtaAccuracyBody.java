package com.acme.tracking.history.web;

import java.time.Instant;
import java.util.List;

import com.acme.tracking.history.AccuracyReport;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The accuracy of the ETAs of the orders delivered in [from, to): figures of the absolute
 * error (real arrival minus estimated arrival) of every ETA reading, in seconds, and the
 * TransitApp-window score; null figures where there are no readings.
 *
 * @param from start of the delivered time range
 * @param to its end (exclusive)
 * @param orders delivered orders with readings
 * @param readings their readings, each once
 * @param maeSeconds mean absolute error
 * @param p50Seconds median absolute error (interpolated)
 * @param p90Seconds 90th percentile of the absolute error (interpolated)
 * @param score the mean of the windows' shares within, over the windows that have
 * readings
 * @param buckets by time to arrival: 0-3m, 3-6m, 6-10m, 10-15m, 15-30m (each with its
 * window) and 30m+ (none)
 */
record EtaAccuracyBody(Instant from, Instant to, long orders, long readings, @Nullable Double maeSeconds,
		@Nullable Double p50Seconds, @Nullable Double p90Seconds, @Nullable Double score,
		List<AccuracyBucket> buckets) {

	static EtaAccuracyBody of(AccuracyReport report) {
		return new EtaAccuracyBody(report.from(), report.to(), report.orders(), report.readings(), report.maeSeconds(),
				report.p50Seconds(), report.p90Seconds(), report.score(),
				report.buckets()
					.stream()
					.map((b) -> new AccuracyBucket(b.until(), b.readings(), b.maeSeconds(), b.p50Seconds(),
							b.p90Seconds(), b.withinWindow()))
					.toList());
	}

	/**
	 * @param until the bucket of time to arrival
	 * @param readings readings in it
	 * @param maeSeconds mean absolute error
	 * @param p50Seconds median absolute error
	 * @param p90Seconds 90th percentile of the absolute error
	 * @param withinWindow the share of its readings within its window; null without
	 * readings and for 30m+
	 */
	record AccuracyBucket(@Schema(allowableValues = {
			"0-3m", "3-6m", "6-10m", "10-15m", "15-30m", "30m+" }) String until, long readings,
			@Nullable Double maeSeconds, @Nullable Double p50Seconds, @Nullable Double p90Seconds,
			@Nullable Double withinWindow){
	}

}
