package com.acme.tracking.live.push;

import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.delivery.DeliveryStates;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pushes follow the hot state: every visible change of an order and every move of an
 * order's courier (from the orders), every courier fix (for support's courier
 * subscriptions).
 */
@Configuration(proxyBeanMethods = false)
class LiveWiring {

	@Bean
	SmartInitializingSingleton pushesFollowTheHotState(DeliveryStates deliveries, CourierPositions couriers,
			LivePush push) {
		return () -> {
			deliveries.observe(push);
			couriers.observe(push::courierPositioned);
		};
	}

}
