package com.acme.tracking.delivery;

import java.time.Clock;
import java.time.Instant;

import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.CourierSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the hot state bounded: ended orders leave it some time after their end, idle
 * orders and silent couriers after longer, and the ETA forgets the pace of the orders
 * gone; its size is published as gauges.
 */
@Component
class HotStateMaintenance {

	private final DeliveryStates deliveries;

	private final CourierPositions couriers;

	private final TrackingSettings settings;

	private final CourierSettings courierSettings;

	private final Eta eta;

	private final Clock clock;

	HotStateMaintenance(DeliveryStates deliveries, CourierPositions couriers, TrackingSettings settings,
			CourierSettings courierSettings, Eta eta, Clock clock, MeterRegistry meters) {
		this.deliveries = deliveries;
		this.eta = eta;
		this.couriers = couriers;
		this.settings = settings;
		this.courierSettings = courierSettings;
		this.clock = clock;
		Gauge.builder("tracking.live.orders", deliveries, DeliveryStates::size)
			.description("Orders in the hot state")
			.register(meters);
		Gauge.builder("tracking.live.couriers", couriers, CourierPositions::size)
			.description("Couriers in the hot state")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${tracking.delivery.eviction-interval:1m}")
	void evict() {
		Instant now = this.clock.instant();
		this.deliveries.evict(now.minus(this.settings.evictEndedAfter()), now.minus(this.settings.evictIdleAfter()));
		this.couriers.evictSilentSince(now.minus(this.courierSettings.evictSilentAfter()));
		this.eta.forgetOrdersNotInTransit(this.deliveries);
	}

}
