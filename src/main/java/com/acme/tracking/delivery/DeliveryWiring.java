package com.acme.tracking.delivery;

import com.acme.tracking.courier.CourierPositions;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The orders follow their couriers: each accepted fix moves the orders of its courier.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryWiring {

	@Bean
	SmartInitializingSingleton ordersFollowTheirCouriers(CourierPositions couriers, DeliveryStates deliveries) {
		return () -> couriers.observe(deliveries::moved);
	}

}
