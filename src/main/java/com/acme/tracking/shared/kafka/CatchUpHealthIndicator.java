package com.acme.tracking.shared.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness: OUT_OF_SERVICE until the live ingest has read up to the end offsets
 * it saw at assignment, so a replica takes traffic only with its whole hot state.
 */
@Component("liveCatchUp")
class CatchUpHealthIndicator implements HealthIndicator {

	private final CatchUp catchUp;

	CatchUpHealthIndicator(CatchUp catchUp, MeterRegistry meters) {
		this.catchUp = catchUp;
		Gauge.builder("tracking.ingest.catchup.seconds", catchUp, CatchUp::catchUpSeconds)
			.description("Seconds from start until the live ingest caught up (-1 while catching up)")
			.register(meters);
	}

	@Override
	public Health health() {
		if (this.catchUp.caughtUp()) {
			return Health.up().withDetail("catchUpSeconds", this.catchUp.catchUpSeconds()).build();
		}
		return Health.outOfService().withDetail("reason", "catching up on the input topics").build();
	}

}
