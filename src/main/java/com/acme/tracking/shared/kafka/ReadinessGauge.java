package com.acme.tracking.shared.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code tracking.ready}: 1 while the readiness group would answer UP (accepting traffic,
 * caught up, Kafka reachable), else 0, so that dashboards and alerts see readiness flap.
 */
@Component
class ReadinessGauge {

	ReadinessGauge(ApplicationAvailability availability, CatchUp catchUp, KafkaHealth.Reachable kafka,
			MeterRegistry meters) {
		Gauge
			.builder("tracking.ready",
					() -> (availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC && catchUp.caughtUp()
							&& Status.UP.equals(kafka.health().getStatus())) ? 1 : 0)
			.description("1 while this replica is ready (accepting traffic, caught up, Kafka reachable)")
			.register(meters);
	}

}
