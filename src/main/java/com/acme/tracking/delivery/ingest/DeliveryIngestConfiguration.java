package com.acme.tracking.delivery.ingest;

import com.acme.tracking.shared.CustomerIds;
import com.acme.tracking.shared.kafka.IngestSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeliveryIngestConfiguration {

	@Bean
	DeliveryEventMapper deliveryEventMapper(IngestSettings settings, CustomerIds customers) {
		return new DeliveryEventMapper(settings.maxClockSkew(), customers);
	}

}
