package com.acme.tracking;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probes an orchestrator reads are there and open, and readiness waits for catch-up.
 */
@TrackingIntegrationTest
class HealthTests {

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Test
	void readinessIsUpOnceTheLiveStateCaughtUp() {
		Api api = new Api(this.port, this.kafka);
		await().until(() -> api.get("/actuator/health/readiness", null).status() == 200);
		assertThat(api.get("/actuator/health/readiness", null).json().get("status").stringValue()).isEqualTo("UP");
		assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
		assertThat(api.get("/actuator/prometheus", null).body()).contains("tracking_ingest_catchup_seconds");
	}

}
