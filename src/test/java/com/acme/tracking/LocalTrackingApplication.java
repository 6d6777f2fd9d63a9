package com.acme.tracking;

import com.acme.tracking.local.LocalRuntime;

import org.springframework.boot.SpringApplication;

/**
 * The local runtime: {@code ./mvnw spring-boot:test-run}. The real service with an in-JVM
 * KRaft Kafka broker on localhost:9092, an embedded PostgreSQL, development JWTs and the
 * fleet simulator. Nothing here is in the production jar.
 */
public final class LocalTrackingApplication {

	private LocalTrackingApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.from(TrackingApplication::main)
			.with(LocalRuntime.class)
			.withAdditionalProfiles(RequiredEnvironment.LOCAL_PROFILE, "local-runtime")
			.run(args);
	}

}
