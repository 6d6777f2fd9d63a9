package com.acme.tracking;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Delivery tracking: courier positions and delivery events from Kafka become a hot state
 * served over REST, STOMP and SSE; history goes to the warehouse.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TrackingApplication {

	/** Avro 1.12 only instantiates generated classes from trusted packages. */
	static final String AVRO_TRUSTED_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";

	public static void main(String[] args) {
		if (System.getProperty(AVRO_TRUSTED_PACKAGES) == null) {
			System.setProperty(AVRO_TRUSTED_PACKAGES, "com.acme.tracking");
		}
		SpringApplication.run(TrackingApplication.class, args);
	}

}
