package com.acme.tracking.history.writer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.acme.tracking.history.DeliveredReading;
import com.acme.tracking.history.EtaAccuracy;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code tracking.eta.error.seconds{until, side}}: the absolute error of each ETA reading
 * of an order, recorded once when the writer writes the order's first {@code DELIVERED}
 * event. {@code until} is the bucket of the reading's time to arrival
 * ({@link EtaAccuracy#BUCKETS}), {@code side} whether the order came {@code late} (the
 * arrival at or after the estimate) or {@code early}. Micrometer's summaries take no
 * negative values, hence the absolute error and the side as a tag. Every series exists
 * (at 0) from the start.
 */
final class EtaErrors {

	/** Histogram buckets, seconds. */
	static final double[] SLO = { 30, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1800 };

	private final Map<String, DistributionSummary> summaries = new HashMap<>();

	EtaErrors(MeterRegistry meters) {
		for (String until : EtaAccuracy.BUCKETS) {
			for (String side : List.of("late", "early")) {
				this.summaries.put(until + "/" + side, DistributionSummary.builder("tracking.eta.error.seconds")
					.description("Absolute error of the ETA given at each minute of a delivery against its real "
							+ "arrival, by time to arrival and side, recorded when the order is delivered")
					.tag("until", until)
					.tag("side", side)
					.serviceLevelObjectives(SLO)
					.register(meters));
			}
		}
	}

	void record(List<DeliveredReading> readings) {
		for (DeliveredReading reading : readings) {
			double error = reading.errorSeconds();
			String key = EtaAccuracy.until(reading.secondsToArrival()) + "/" + ((error >= 0) ? "late" : "early");
			this.summaries.get(key).record(Math.abs(error));
		}
	}

}
