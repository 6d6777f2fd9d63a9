package com.acme.tracking.history;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code tracking.eta.within.window.ratio{until}}: for each window of
 * {@link EtaAccuracy}, the share of the readings within it, over the orders delivered in
 * the last {@code tracking.eta.accuracy-window}, refreshed every minute from the
 * warehouse by the query of {@code GET /v1/eta/accuracy} (so every replica computes the
 * same value). A window without readings reads NaN. While the warehouse fails, the gauges
 * keep their last value (NaN before the first success) and the outage is logged once, and
 * its end once.
 */
@Component
class EtaAccuracyGauges {

	private static final Logger log = LoggerFactory.getLogger(EtaAccuracyGauges.class);

	private final Warehouse warehouse;

	private final EtaAccuracySettings settings;

	private final Clock clock;

	private final Map<String, Double> shares = new ConcurrentHashMap<>();

	private volatile boolean failing;

	EtaAccuracyGauges(Warehouse warehouse, EtaAccuracySettings settings, Clock clock, MeterRegistry meters) {
		this.warehouse = warehouse;
		this.settings = settings;
		this.clock = clock;
		for (EtaAccuracy.Window window : EtaAccuracy.WINDOWS) {
			this.shares.put(window.until(), Double.NaN);
			Gauge.builder("tracking.eta.within.window.ratio", this.shares, (s) -> s.get(window.until()))
				.description("Share of ETA readings within the window of their time to arrival, over the orders "
						+ "delivered in the last tracking.eta.accuracy-window (the same on every replica)")
				.tag("until", window.until())
				.register(meters);
		}
	}

	/** Reads the accuracy again; returns whether the warehouse answered. */
	@Scheduled(initialDelay = 10, fixedDelay = 60, timeUnit = TimeUnit.SECONDS)
	boolean refresh() {
		Instant now = this.clock.instant();
		AccuracyReport report;
		try {
			report = this.warehouse.etaAccuracy(now.minus(this.settings.accuracyWindow()), now);
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				this.failing = true;
				log.warn("ETA accuracy gauges not refreshed, keeping their last values: {}", ex.toString());
			}
			return false;
		}
		if (this.failing) {
			this.failing = false;
			log.info("ETA accuracy gauges refreshed again");
		}
		for (AccuracyReport.Bucket bucket : report.buckets()) {
			if (this.shares.containsKey(bucket.until())) {
				this.shares.put(bucket.until(), (bucket.withinWindow() != null) ? bucket.withinWindow() : Double.NaN);
			}
		}
		return true;
	}

}
