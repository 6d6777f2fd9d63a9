package com.acme.tracking;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.acme.tracking.shared.Topics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator relies on: every metric the Grafana dashboard and the alert rules use
 * exists at {@code /actuator/prometheus} after traffic and is documented in the README;
 * the probes and the info endpoint answer.
 */
@TrackingIntegrationTest
class OperationsTests {

	private static final Pattern METRIC = Pattern
		.compile("\\b((?:tracking|kafka_consumer|http_server_requests)_[a-z_]+)\\b");

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Test
	void everyMetricTheDashboardAndAlertsUseIsExportedAfterTrafficAndDocumented() throws Exception {
		Api api = new Api(this.port, this.kafka);
		String support = api.token(Api.id("agent"), "support");
		String courier = Api.id("courier");
		api.position(courier, 1, 2, Instant.now(), 5f);
		this.kafka.send(Topics.COURIER_POSITIONS, Api.id("poison"), new byte[] { 9 }).join();
		await().until(() -> api.get("/v1/couriers/" + courier + "/location", support).status() == 200);
		api.get("/v1/couriers/" + courier + "/positions", support);
		api.get("/v1/orders/" + Api.id("order") + "/tracking", support);

		Set<String> used = new TreeSet<>();
		used.addAll(metricsIn(Files.readString(Path.of("ops/grafana/delivery-tracking.json"))));
		used.addAll(metricsIn(Files.readString(Path.of("ops/prometheus/alerts.yaml"))));
		assertThat(used).hasSizeGreaterThan(10);
		await().untilAsserted(() -> {
			String exported = api.get("/actuator/prometheus", null).body();
			for (String metric : used) {
				assertThat(exported).as(metric).containsPattern("(?m)^" + metric + "[{ ]");
			}
		});
		String readme = Files.readString(Path.of("README.md"));
		for (String metric : used) {
			assertThat(readme).as("README documents " + metric)
				.contains(metric.replaceAll("_(total|bucket|count|sum|max)$", ""));
		}
	}

	@Test
	void probesAndInfoAnswer() {
		Api api = new Api(this.port, this.kafka);
		await().until(() -> api.get("/actuator/health/readiness", null).status() == 200);
		assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
		assertThat(api.get("/actuator/health/history", null).status()).isEqualTo(200);
		JsonNode info = api.get("/actuator/info", null).json();
		assertThat(info.path("build").path("artifact").asString("")).isEqualTo("delivery-tracking");
		assertThat(info.path("git").path("commit").path("id").isMissingNode()).isFalse();
	}

	private static Set<String> metricsIn(String text) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = METRIC.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

}
