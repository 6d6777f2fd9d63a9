package com.acme.tracking.delivery.ingest;

import java.time.Clock;

import com.acme.tracking.shared.kafka.IngestSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeliveryIngestConfiguration {

	@Bean
	DeliveryEventMapper deliveryEventMapper(Clock clock, IngestSettings settings) {
		return new DeliveryEventMapper(clock, settings.maxClockSkew());
	}

}
