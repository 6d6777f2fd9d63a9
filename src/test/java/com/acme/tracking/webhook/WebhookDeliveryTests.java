package com.acme.tracking.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks end to end: an order's life produced to Kafka, the fleet's notifications, the
 * dispatcher, and real HTTP receivers that verify each signature as partners are told to.
 */
@TrackingIntegrationTest
class WebhookDeliveryTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails kafkaConnection;

	static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

	Api api;

	final Receiver receiver = new Receiver();

	final String partnerId = Api.id("partner");

	String partner;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.partner = this.api.token(Api.id("partner-user"), "partner", this.partnerId);
	}

	@AfterEach
	void tearDown() {
		this.receiver.close();
	}

	@Test
	void anOrdersLifeArrivesSignedInOrderEachNotificationOnce() {
		register(this.receiver, this.partnerId, this.partner);
		String orderId = Api.id("order");
		String courierId = Api.id("courier");
		Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
		this.api.created(orderId, Api.id("customer"), this.partnerId, DESTINATION, t0);
		this.api.event(orderId, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(1), courierId);
		this.api.event(orderId, DeliveryEventType.PICKED_UP, t0.plusSeconds(2), courierId);
		this.api.event(orderId, DeliveryEventType.OUT_FOR_DELIVERY, t0.plusSeconds(3), courierId);
		this.api.position(courierId, DESTINATION.getLat() - 0.003, DESTINATION.getLon(), Instant.now(), 5f);
		this.api.position(courierId, DESTINATION.getLat() - 0.0002, DESTINATION.getLon(), Instant.now().plusMillis(10),
				5f);
		// positions and events are on two topics: delivered only once the arrival is seen
		String support = this.api.token(Api.id("agent"), "support");
		await().until(() -> this.api.get("/v1/orders/" + orderId + "/tracking", support)
			.json()
			.path("arrived")
			.asBoolean(false));
		this.api.event(orderId, DeliveryEventType.DELIVERED, Instant.now(), courierId);
		// what the fleet published for the order, in the order of its partition
		List<String> expected = await().atMost(Duration.ofSeconds(30))
			.until(() -> published(orderId), (ids) -> ids.size() == 7);
		assertThat(expected).startsWith(orderId + ":STATUS:CREATED", orderId + ":STATUS:COURIER_ASSIGNED")
			.endsWith(orderId + ":STATUS:DELIVERED")
			.anyMatch((id) -> id.contains(":ARRIVING:"))
			.anyMatch((id) -> id.contains(":ARRIVED:"));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.receiver.ids().size() >= expected.size());
		assertThat(this.receiver.ids()).containsExactlyElementsOf(expected);
		assertThat(this.receiver.received).allMatch(Receiver.Received::verified);
		JsonNode last = tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(this.receiver.received.get(6).body());
		assertThat(last.get("status").stringValue()).isEqualTo("DELIVERED");
		assertThat(last.get("partnerId").stringValue()).isEqualTo(this.partnerId);
	}

	@Test
	void aReceiverThatFailsGetsTheNotificationAgain() {
		this.receiver.statuses.add(500);
		this.receiver.statuses.add(503);
		register(this.receiver, this.partnerId, this.partner);
		String orderId = Api.id("order");
		this.api.created(orderId, Api.id("customer"), this.partnerId, DESTINATION, Instant.now());
		await().atMost(Duration.ofSeconds(30)).until(() -> this.receiver.received.size() >= 3);
		assertThat(this.receiver.ids()).containsOnly(orderId + ":STATUS:CREATED").hasSize(3);
		Instant second = this.receiver.received.get(1).at();
		Instant third = this.receiver.received.get(2).at();
		// back-off: the second wait is longer than the first
		assertThat(Duration.between(second, third))
			.isGreaterThan(Duration.between(this.receiver.received.get(0).at(), second));
	}

	@Test
	void aReceiverThatHangsDoesNotDelayAnotherPartner() {
		this.receiver.hang = true;
		register(this.receiver, this.partnerId, this.partner);
		String otherPartnerId = Api.id("partner");
		try (Receiver other = new Receiver()) {
			register(other, otherPartnerId, this.api.token(Api.id("user"), "partner", otherPartnerId));
			for (int i = 0; i < 6; i++) {
				this.api.created(Api.id("order"), Api.id("customer"), this.partnerId, DESTINATION, Instant.now());
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.received.size() >= 4);
			String theirs = Api.id("order");
			Instant sent = Instant.now();
			this.api.created(theirs, Api.id("customer"), otherPartnerId, DESTINATION, Instant.now());
			await().atMost(Duration.ofSeconds(10)).until(() -> !other.received.isEmpty());
			assertThat(Duration.between(sent, other.received.get(0).at())).isLessThan(Duration.ofSeconds(3));
			// the hanging endpoint holds at most its own slots
			assertThat(this.receiver.received).hasSizeLessThanOrEqualTo(4);
		}
	}

	@Test
	void aStoppedDispatcherLosesNothingAndRepeatsNothingRecorded() {
		register(this.receiver, this.partnerId, this.partner);
		this.dispatcher.stop();
		String orderId = Api.id("order");
		String delivered = Api.id("order");
		try {
			this.api.created(orderId, Api.id("customer"), this.partnerId, DESTINATION, Instant.now());
			this.api.created(delivered, Api.id("customer"), this.partnerId, DESTINATION, Instant.now());
			// logged while no dispatcher runs
			await().until(() -> deliveries().size() == 2);
			assertThat(this.receiver.received).isEmpty();
		}
		finally {
			this.dispatcher.start();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.receiver.received.size() >= 2);
		assertThat(this.receiver.ids()).containsExactlyInAnyOrder(orderId + ":STATUS:CREATED",
				delivered + ":STATUS:CREATED");
	}

	@Test
	void aDispatcherStoppedMidRetryGoesOnFromWhatItRecorded() {
		this.receiver.statuses.add(500);
		String webhookId = register(this.receiver, this.partnerId, this.partner);
		String orderId = Api.id("order");
		this.api.created(orderId, Api.id("customer"), this.partnerId, DESTINATION, Instant.now());
		// the first attempt fails and is recorded; the dispatcher stops before the retry
		await().atMost(Duration.ofSeconds(20))
			.until(() -> !deliveries().isEmpty() && deliveries().get(0).get("attempts").intValue() == 1);
		this.dispatcher.stop();
		try {
			assertThat(this.receiver.received).hasSize(1);
		}
		finally {
			this.dispatcher.start();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> deliveries().get(0).get("deliveredAt").isString());
		assertThat(this.receiver.ids()).containsExactly(orderId + ":STATUS:CREATED", orderId + ":STATUS:CREATED");
		JsonNode logged = deliveries().get(0);
		assertThat(logged.get("attempts").intValue()).isEqualTo(2);
		assertThat(logged.get("lastStatusCode").intValue()).isEqualTo(200);
		assertThat(logged.get("nextAttemptAt").isNull()).isTrue();

		// a replay sends it again, and a ping is signed like the rest
		String deliveryId = logged.get("deliveryId").stringValue();
		String base = "/v1/partners/" + this.partnerId + "/webhooks/" + webhookId;
		assertThat(this.api.post(base + "/deliveries/" + deliveryId + "/replay", this.partner, "").status())
			.isEqualTo(202);
		assertThat(this.api.post(base + "/test", this.partner, "").status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.receiver.received.size() >= 4);
		assertThat(this.receiver.ids().subList(2, 4)).contains(orderId + ":STATUS:CREATED")
			.anyMatch((id) -> id.startsWith("ping:"));
		assertThat(this.receiver.received).allMatch(Receiver.Received::verified);
		String stranger = this.api.token(Api.id("user"), "partner", Api.id("partner"));
		assertThat(this.api
			.post("/v1/partners/" + this.partnerId + "/webhooks/" + webhookId + "/deliveries/" + deliveryId + "/replay",
					stranger, "")
			.status()).isEqualTo(404);
	}

	@Test
	void duringARotationBothSecretsSign() {
		String webhookId = register(this.receiver, this.partnerId, this.partner);
		String old = this.receiver.secrets.get(0);
		String rotated = this.api
			.post("/v1/partners/" + this.partnerId + "/webhooks/" + webhookId + "/rotate-secret", this.partner, "")
			.json()
			.get("secret")
			.stringValue();
		this.api.created(Api.id("order"), Api.id("customer"), this.partnerId, DESTINATION, Instant.now());
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.receiver.received.isEmpty());
		Receiver.Received request = this.receiver.received.get(0);
		byte[] body = request.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(request.signature().split(" ")).hasSize(2);
		assertThat(Receiver.verify(request.timestamp(), request.signature(), body, List.of(old))).isTrue();
		assertThat(Receiver.verify(request.timestamp(), request.signature(), body, List.of(rotated))).isTrue();
		assertThat(Receiver.verify(request.timestamp(), request.signature(), body, List.of("whsec_wrong"))).isFalse();
	}

	/** The notification ids published for the order, in the topic's order. */
	private List<String> published(String orderId) {
		java.util.Map<String, Object> properties = Api.consumerProps(this.kafkaConnection, Api.id("reader"));
		List<String> ids = new java.util.ArrayList<>();
		try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(properties,
				new org.apache.kafka.common.serialization.StringDeserializer(),
				new org.apache.kafka.common.serialization.StringDeserializer())) {
			consumer.subscribe(List.of(com.acme.tracking.shared.Topics.NOTIFICATIONS));
			long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
			while (System.nanoTime() < end) {
				for (var record : consumer.poll(Duration.ofMillis(200))) {
					if (orderId.equals(record.key())) {
						ids.add(JSON.readTree(record.value()).get("notificationId").stringValue());
					}
				}
			}
		}
		return ids;
	}

	private String register(Receiver to, String partnerId, String token) {
		JsonNode created = this.api
			.post("/v1/partners/" + partnerId + "/webhooks", token, "{\"url\":\"" + to.url() + "\"}")
			.json();
		to.secrets.add(created.get("secret").stringValue());
		return created.get("id").stringValue();
	}

	private List<JsonNode> deliveries() {
		JsonNode list = this.api.get("/v1/partners/" + this.partnerId + "/webhooks", this.partner).json();
		String id = list.get("items").get(0).get("id").stringValue();
		JsonNode page = this.api.get("/v1/partners/" + this.partnerId + "/webhooks/" + id + "/deliveries", this.partner)
			.json();
		return java.util.stream.StreamSupport.stream(page.get("items").spliterator(), false).toList();
	}

}
