package com.acme.tracking.courier.ingest;

import java.time.Clock;

import com.acme.tracking.shared.kafka.IngestSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CourierIngestConfiguration {

	@Bean
	CourierPositionMapper courierPositionMapper(Clock clock, IngestSettings settings) {
		return new CourierPositionMapper(clock, settings.maxClockSkew());
	}

}
