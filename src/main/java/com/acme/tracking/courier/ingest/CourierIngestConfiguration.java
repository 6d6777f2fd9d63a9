package com.acme.tracking.courier.ingest;

import com.acme.tracking.shared.kafka.IngestSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CourierIngestConfiguration {

	@Bean
	CourierPositionMapper courierPositionMapper(IngestSettings settings) {
		return new CourierPositionMapper(settings.maxClockSkew());
	}

}
