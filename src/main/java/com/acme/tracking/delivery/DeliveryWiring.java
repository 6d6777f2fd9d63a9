package com.acme.tracking.delivery;

import java.time.Clock;

import com.acme.tracking.courier.CourierPositions;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The orders follow their couriers: each accepted fix moves the orders of its courier,
 * and the trip's pace in the ETA with them, before any other observer hears of the fix
 * (so a position pushed carries the ETA of that fix). The ETA starts from the fallback
 * model until one is learned from history.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryWiring {

	@Bean
	SmartInitializingSingleton ordersFollowTheirCouriers(CourierPositions couriers, DeliveryStates deliveries,
			Eta eta) {
		return () -> {
			couriers.observe(deliveries::moved);
			deliveries.observeFirst(eta);
		};
	}

	@Bean
	EtaModels etaModels(TrackingSettings tracking, EtaSettings settings, Clock clock) {
		return new EtaModels(EtaModel.fallback(tracking.etaDetourFactor(), settings.fallbackSpeed(), clock.instant()));
	}

}
