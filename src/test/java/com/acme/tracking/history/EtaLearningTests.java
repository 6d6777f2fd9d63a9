package com.acme.tracking.history;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ETA learned from the service's own history: delivered trips go through Kafka and
 * the history writer into the real PostgreSQL, the learner reads them back, and the ETA
 * of a live order in the same area follows.
 */
@TrackingIntegrationTest
class EtaLearningTests {

	/** Reykjavík: no other test delivers there. */
	static final GeoPoint AREA = new GeoPoint(64.1466, -21.9426);

	static final int TRIPS = 30;

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	EtaLearner learner;

	@Test
	void aModelRefreshedFromSlowTripsInAnAreaMakesALiveOrderThereLater() {
		Api api = new Api(this.port, this.kafka);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		String live = Api.id("order");
		String customer = Api.id("customer");
		String courier = Api.id("courier");
		api.created(live, customer, "partner-eta", AREA, now.minusSeconds(120));
		api.event(live, DeliveryEventType.COURIER_ASSIGNED, now.minusSeconds(100), courier);
		api.event(live, DeliveryEventType.PICKED_UP, now.minusSeconds(60), courier);
		api.position(courier, south(3000), AREA.getLon(), now, 5f);
		String owner = api.token(customer, "customer");
		String path = "/v1/orders/" + live + "/tracking";
		await().until(() -> api.get(path, owner).json().get("etaSeconds").isNumber());
		long before = api.get(path, owner).json().get("etaSeconds").longValue();

		// Thirty trips there in the last days, 4 km in 5,000 s (0.8 m/s of straight-line
		// progress: a slow area), a fix every 4 minutes.
		String prefix = Api.id("eta-slow");
		for (int i = 0; i < TRIPS; i++) {
			String order = prefix + "-" + i;
			String carrier = prefix + "-courier-" + i;
			Instant start = now.minus(Duration.ofDays(1)).minus(Duration.ofHours(2L * i));
			api.created(order, Api.id("customer"), "partner-eta", AREA, start.minusSeconds(600));
			api.event(order, DeliveryEventType.COURIER_ASSIGNED, start.minusSeconds(300), carrier);
			api.event(order, DeliveryEventType.PICKED_UP, start, carrier);
			for (int s = 0; s <= 4800; s += 240) {
				api.position(carrier, south(4000 - 0.8 * s), AREA.getLon(), start.plusSeconds(s), 5f);
			}
			api.event(order, DeliveryEventType.DELIVERED, start.plusSeconds(5000), carrier);
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> count("SELECT COUNT(*) FROM delivery_events WHERE type = 'DELIVERED' AND order_id LIKE ?",
					prefix + "-%") == TRIPS
					&& count("SELECT COUNT(*) FROM courier_positions WHERE courier_id LIKE ?",
							prefix + "-courier-%") == TRIPS * 21);

		assertThat(this.learner.refresh()).isTrue();
		JsonNode after = api.get(path, owner).json();
		// The trips say 3 km take about 3,750 s there; the model before (the fallback, or
		// one learned from the other tests' trips elsewhere) said far less.
		assertThat(after.get("etaSeconds").longValue()).isGreaterThan(2 * before).isBetween(3000L, 4200L);
	}

	private long count(String sql, String like) {
		Long count = this.jdbc.queryForObject(sql, Long.class, like);
		return (count != null) ? count : 0;
	}

	private static double south(double meters) {
		return AREA.getLat() - meters / 111_195.0;
	}

}
