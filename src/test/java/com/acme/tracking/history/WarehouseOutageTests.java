package com.acme.tracking.history;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.acme.tracking.Api;
import com.acme.tracking.RequiredEnvironment;
import com.acme.tracking.TrackingApplication;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.local.LocalRuntime;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica whose warehouse (its own PostgreSQL server) is stopped in the middle of a
 * stream of positions and started again: history answers 503 meanwhile, live tracking
 * keeps answering, and once the warehouse is back every position is there, once.
 */
@TrackingIntegrationTest
class WarehouseOutageTests {

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	EmbeddedPostgres postgres;

	ConfigurableApplicationContext replica;

	@AfterEach
	void stop() throws IOException {
		if (this.replica != null) {
			this.replica.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	void theWriterSurvivesTheWarehouseStoppingAndStartingAgainWithNothingLost() throws Exception {
		Path data = Files.createTempDirectory("warehouse-outage");
		int port = freePort();
		this.postgres = start(data, port);
		this.replica = new SpringApplicationBuilder(TrackingApplication.class, LocalRuntime.class)
			.profiles(RequiredEnvironment.LOCAL_PROFILE)
			.properties("tracking.local.external-kafka=" + Api.bootstrap(this.kafkaConnection),
					"tracking.local.jdbc-url=" + this.postgres.getJdbcUrl("postgres", "postgres"),
					"tracking.history.writer.group=" + Api.id("outage-writer"),
					"tracking.history.writer.retry-initial=200ms", "tracking.history.writer.retry-max=1s",
					"spring.datasource.hikari.connection-timeout=1000")
			.run("--server.port=0"); // a command-line argument: a default property would
										// lose to application.yaml's 8080
		Api api = new Api(((WebServerApplicationContext) this.replica).getWebServer().getPort(), this.kafka);
		String support = api.token(Api.id("agent"), "support");
		String courierId = Api.id("courier");
		Instant t0 = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MILLIS);
		String positions = "/v1/couriers/" + courierId + "/positions?limit=1000&from=" + t0.minusSeconds(1) + "&to="
				+ t0.plusSeconds(240);

		for (int i = 0; i < 300; i++) {
			api.position(courierId, 10 + i * 1e-4, 20, t0.plusMillis(i * 100L), 5f);
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> api.get(positions, support).json().get("items").size() == 300);

		this.postgres.close();
		for (int i = 300; i < 600; i++) {
			api.position(courierId, 10 + i * 1e-4, 20, t0.plusMillis(i * 100L), 5f);
		}
		Api.Response down = api.get(positions, support);
		assertThat(down.status()).isEqualTo(503);
		assertThat(down.contentType()).startsWith("application/problem+json");
		// an unreachable warehouse opens the breaker at once: Retry-After counts down its
		// open window (10 s by default), and its state is exported
		assertThat(Long.parseLong(down.header("Retry-After"))).isBetween(1L, 10L);
		assertThat(breakerState(api)).isEqualTo("open");
		// found down: the next requests are answered at once, not after the pool's
		// connection timeout, so they do not hold request threads
		long start = System.nanoTime();
		for (int i = 0; i < 20; i++) {
			assertThat(api.get(positions, support).status()).isEqualTo(503);
		}
		assertThat((System.nanoTime() - start) / 1e9).as("seconds for 20 history requests while down").isLessThan(2);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> api.get("/v1/couriers/" + courierId + "/location", support)
				.json()
				.path("lat")
				.doubleValue() == 10 + 599 * 1e-4);

		this.postgres = start(data, port);
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			Api.Response response = api.get(positions, support);
			return response.status() == 200 && response.json().get("items").size() == 600;
		});
		assertThat(api.get(positions, support).json().get("nextCursor").isNull()).isTrue();
		// its trial queries (3 by default) succeeded: closed again
		await().atMost(Duration.ofSeconds(30))
			.until(() -> api.get(positions, support).status() == 200 && breakerState(api).equals("closed"));
	}

	/** The state whose {@code resilience4j_circuitbreaker_state} gauge is 1. */
	private static String breakerState(Api api) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern
			.compile(
					"resilience4j_circuitbreaker_state\\{[^}]*name=\"warehouse\"[^}]*state=\"([a-z_]+)\"[^}]*\\} 1\\.0")
			.matcher(api.get("/actuator/prometheus", null).body());
		return matcher.find() ? matcher.group(1) : "none";
	}

	private static EmbeddedPostgres start(Path data, int port) throws IOException {
		return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
