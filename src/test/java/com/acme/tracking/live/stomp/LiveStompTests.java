package com.acme.tracking.live.stomp;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.live.StompTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end over STOMP, as a customer app connects: snapshot first, then the order's
 * life.
 */
@TrackingIntegrationTest
class LiveStompTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	Api api;

	final String orderId = Api.id("order");

	final String customerId = Api.id("customer");

	final String courierId = Api.id("courier");

	final Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.api.created(this.orderId, this.customerId, Api.id("partner"), DESTINATION, this.t0);
		this.api.event(this.orderId, DeliveryEventType.COURIER_ASSIGNED, this.t0.plusSeconds(1), this.courierId);
	}

	@Test
	void theOwnerGetsASnapshotFirstThenTheOrdersLifeWithPositionsConflated() throws Exception {
		String owner = this.api.token(this.customerId, "customer");
		await().until(() -> this.api.get("/v1/orders/" + this.orderId + "/tracking", owner)
			.json()
			.path("status")
			.asString("")
			.equals("COURIER_ASSIGNED"));
		try (StompTestClient client = new StompTestClient().connect(this.port, owner)) {
			client.subscribe("/topic/orders." + this.orderId);
			await().atMost(StompTestClient.timeout()).until(() -> !client.messages.isEmpty());
			JsonNode snapshot = client.messages.get(0);
			assertThat(snapshot.get("type").stringValue()).isEqualTo("snapshot");
			assertThat(snapshot.get("orderId").stringValue()).isEqualTo(this.orderId);
			assertThat(snapshot.get("tracking").get("status").stringValue()).isEqualTo("COURIER_ASSIGNED");
			assertThat(snapshot.get("tracking").get("courier").isNull()).isTrue();

			// Before pickup a customer gets no position.
			this.api.position(this.courierId, DESTINATION.getLat() - 0.02, DESTINATION.getLon(), Instant.now(), 5f);
			this.api.event(this.orderId, DeliveryEventType.PICKED_UP, this.t0.plusSeconds(2), this.courierId);
			await().atMost(StompTestClient.timeout()).until(() -> !client.ofType("status").isEmpty());
			JsonNode status = client.ofType("status").get(0);
			assertThat(status.get("status").stringValue()).isEqualTo("PICKED_UP");
			assertThat(status.get("statusAt").stringValue()).isEqualTo(this.t0.plusSeconds(2).toString());
			assertThat(client.ofType("position")).isEmpty();

			// Ten positions within a fraction of a second: conflated, the newest wins.
			Instant start = Instant.now();
			double last = 0;
			for (int i = 0; i < 10; i++) {
				last = DESTINATION.getLat() - 0.01 + i * 1e-5;
				this.api.position(this.courierId, last, DESTINATION.getLon(), start.plusMillis(i), 5f);
			}
			double newest = last;
			await().atMost(StompTestClient.timeout())
				.until(() -> client.ofType("position")
					.stream()
					.anyMatch((m) -> m.get("position").get("lat").doubleValue() == newest));
			assertThat(client.ofType("position")).hasSizeBetween(1, 3);
			JsonNode position = client.ofType("position").get(0);
			assertThat(position.get("orderId").stringValue()).isEqualTo(this.orderId);
			assertThat(position.get("position").has("ageSeconds")).isTrue();
			assertThat(position.get("position").has("courierId")).isFalse();

			// Arriving and arrived once each, whatever the jitter.
			Instant t = Instant.now().plusMillis(100);
			this.api.position(this.courierId, DESTINATION.getLat() - 0.003, DESTINATION.getLon(), t, 5f);
			this.api.position(this.courierId, DESTINATION.getLat() - 0.006, DESTINATION.getLon(), t.plusMillis(1), 5f);
			this.api.position(this.courierId, DESTINATION.getLat() - 0.002, DESTINATION.getLon(), t.plusMillis(2), 5f);
			this.api.position(this.courierId, DESTINATION.getLat() - 0.0002, DESTINATION.getLon(), t.plusMillis(3), 5f);
			this.api.position(this.courierId, DESTINATION.getLat() - 0.0008, DESTINATION.getLon(), t.plusMillis(4), 5f);
			this.api.position(this.courierId, DESTINATION.getLat() - 0.0001, DESTINATION.getLon(), t.plusMillis(5), 5f);
			this.api.event(this.orderId, DeliveryEventType.DELIVERED, this.t0.plusSeconds(50), this.courierId);
			await().atMost(StompTestClient.timeout())
				.until(() -> client.ofType("status")
					.stream()
					.anyMatch((m) -> m.get("status").stringValue().equals("DELIVERED")));
			assertThat(client.ofType("notification")).extracting((m) -> m.get("kind").stringValue())
				.containsExactly("ARRIVING", "ARRIVED");
			assertThat(client.messages.get(0).get("type").stringValue()).isEqualTo("snapshot");
			assertThat(client.errors).isEmpty();
		}
	}

	@Test
	void aStrangerGetsAnErrorFrameAndNoMessage() throws Exception {
		String stranger = this.api.token(Api.id("customer"), "customer");
		try (StompTestClient client = new StompTestClient().connect(this.port, stranger)) {
			client.subscribe("/topic/orders." + this.orderId);
			await().atMost(StompTestClient.timeout()).until(() -> !client.errors.isEmpty());
			assertThat(client.errors.get(0)).contains("No order " + this.orderId);
			this.api.event(this.orderId, DeliveryEventType.PICKED_UP, this.t0.plusSeconds(2), this.courierId);
			assertThat(client.messages).isEmpty();
		}
	}

	@Test
	void onlySupportMayFollowACourier() throws Exception {
		String customer = this.api.token(this.customerId, "customer");
		try (StompTestClient client = new StompTestClient().connect(this.port, customer)) {
			client.subscribe("/topic/couriers." + this.courierId);
			await().atMost(StompTestClient.timeout()).until(() -> !client.errors.isEmpty());
			assertThat(client.messages).isEmpty();
		}
		String support = this.api.token(Api.id("agent"), "support");
		try (StompTestClient client = new StompTestClient().connect(this.port, support)) {
			client.subscribe("/topic/couriers." + this.courierId);
			// The subscription is registered asynchronously: keep the courier moving
			// until it shows.
			await().atMost(StompTestClient.timeout()).until(() -> {
				this.api.position(this.courierId, 1.5, 2.5, Instant.now(), 4f);
				return !client.ofType("position").isEmpty();
			});
			assertThat(client.ofType("position").get(0).get("courierId").stringValue()).isEqualTo(this.courierId);
		}
	}

	@Test
	void connectWithoutAValidTokenIsRefusedAndClientsMayNotSend() throws Exception {
		StompTestClient anonymous = new StompTestClient();
		assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> anonymous.connect(this.port, "not-a-token")))
			.isNotNull();
		anonymous.close();
		String owner = this.api.token(this.customerId, "customer");
		try (StompTestClient client = new StompTestClient().connect(this.port, owner)) {
			client.send("/topic/orders." + this.orderId, "{\"type\":\"status\",\"status\":\"DELIVERED\"}");
			await().atMost(StompTestClient.timeout()).until(() -> !client.errors.isEmpty());
			assertThat(client.errors.get(0)).contains("may not send");
		}
	}

	@Test
	void aSessionIsClosedWhenItsTokenExpires() throws Exception {
		String longLived = this.api.token(this.customerId, "customer");
		await().atMost(StompTestClient.timeout())
			.until(() -> this.api.get("/v1/orders/" + this.orderId + "/tracking", longLived).status() == 200);
		String shortLived = com.acme.tracking.local.DevKeys.token(this.customerId, java.util.List.of("customer"), null,
				java.time.Duration.ofSeconds(3));
		try (StompTestClient expiring = new StompTestClient().connect(this.port, shortLived);
				StompTestClient staying = new StompTestClient().connect(this.port, longLived)) {
			expiring.subscribe("/topic/orders." + this.orderId);
			staying.subscribe("/topic/orders." + this.orderId);
			await().atMost(StompTestClient.timeout()).until(() -> !expiring.ofType("snapshot").isEmpty());
			assertThat(expiring.connected()).isTrue();
			await().atMost(java.time.Duration.ofSeconds(15)).until(() -> !expiring.connected());
			assertThat(staying.connected()).as("a session with a valid token stays").isTrue();
		}
	}

}
