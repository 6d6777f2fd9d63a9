package com.acme.tracking;

import java.time.Instant;

import com.acme.tracking.courier.PositionObserver;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@link Error} in a listener (issue 9, R3): the listener's consumer stops, and
 * liveness turns DOWN so the orchestrator restarts the pod — never a replica that looks
 * alive while one of its consumers is dead. The Error is thrown by an extra position
 * observer for one courier, on the ingest thread, as a real OutOfMemoryError would be.
 */
@TrackingIntegrationTest
@Import(ListenerErrorTests.FailingObserver.class)
@DirtiesContext
class ListenerErrorTests {

	static final String FAILING_COURIER = "courier-error-" + java.util.UUID.randomUUID();

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Test
	void anErrorInAListenerTurnsLivenessDown() {
		Api api = new Api(this.port, this.kafka);
		await().until(() -> api.get("/actuator/health/readiness", null).status() == 200);
		assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);

		api.position(FAILING_COURIER, -23.5, -46.6, Instant.now(), 5f);

		await().until(() -> api.get("/actuator/health/liveness", null).status() == 503);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FailingObserver {

		@Bean
		PositionObserver failingObserver() {
			return (position) -> {
				if (position.courierId().equals(FAILING_COURIER)) {
					throw new OutOfMemoryError("simulated by ListenerErrorTests");
				}
			};
		}

	}

}
