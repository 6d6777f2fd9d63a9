package com.acme.tracking.notification;

import com.acme.tracking.delivery.DeliveryStates;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Notifications follow the orders: every visible change may be one. */
@Configuration(proxyBeanMethods = false)
class NotificationWiring {

	@Bean
	SmartInitializingSingleton notificationsFollowTheOrders(DeliveryStates deliveries,
			NotificationPublisher notifications) {
		return () -> deliveries.observe(notifications);
	}

}
