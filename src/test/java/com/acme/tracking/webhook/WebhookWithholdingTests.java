package com.acme.tracking.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.shared.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An erased customer's orders reach partners no more: what is queued for them is given up
 * as withheld, and what the fleet publishes for them afterwards is neither logged nor
 * sent, while the partner's other orders go on as before.
 */
@TrackingIntegrationTest
class WebhookWithholdingTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	/** The local runtime's partitions (LocalRuntime). */
	static final int PARTITIONS = 6;

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	final Receiver receiver = new Receiver();

	@AfterEach
	void tearDown() {
		this.receiver.close();
	}

	@Test
	void anErasedCustomersNotificationsAreWithheldAndTheOthersGoOn() {
		Api api = new Api(this.port, this.kafka);
		String partnerId = Api.id("partner");
		String partner = api.token(Api.id("partner-user"), "partner", partnerId);
		String support = api.token(Api.id("agent"), "support");
		JsonNode created = api
			.post("/v1/partners/" + partnerId + "/webhooks", partner, "{\"url\":\"" + this.receiver.url() + "\"}")
			.json();
		this.receiver.secrets.add(created.get("secret").stringValue());
		String webhookId = created.get("id").stringValue();
		String customer = Api.id("customer");
		String erased = Api.id("order");
		// another customer's order on the same partition: its notifications come after
		// the
		// erased order's in the intake's order
		String other = Api.id("order");
		while (partition(other) != partition(erased)) {
			other = Api.id("order");
		}
		String courier = Api.id("courier");
		this.receiver.failing = (body) -> body.contains(erased);
		Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
		api.created(erased, customer, partnerId, DESTINATION, t0);
		api.event(erased, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(1), courier);
		// the endpoint fails for this order: its first notification is retried, the next
		// waits behind it (an order's notifications reach an endpoint in order)
		await().until(() -> deliveriesOf(api, partnerId, partner, webhookId, erased).stream()
			.anyMatch((d) -> d.get("attempts").asInt() >= 1));

		String erasure = api.post("/v1/privacy/erasures", support, "{\"customerId\":\"" + customer + "\"}")
			.json()
			.get("id")
			.stringValue();
		await().until(() -> api.get("/v1/privacy/erasures/" + erasure, support)
			.json()
			.get("state")
			.stringValue()
			.equals("DONE"));
		List<JsonNode> withheld = deliveriesOf(api, partnerId, partner, webhookId, erased);
		assertThat(withheld).isNotEmpty().allSatisfy((delivery) -> {
			assertThat(delivery.get("gaveUpAt").isNull()).isFalse();
			assertThat(delivery.get("deliveredAt").isNull()).isTrue();
			assertThat(delivery.get("nextAttemptAt").isNull()).isTrue();
			assertThat(delivery.get("lastError").stringValue()).isEqualTo("withheld: the customer was erased");
		});
		int receivedBefore = received(erased);
		String withheldId = withheld.get(0).get("deliveryId").stringValue();
		assertThat(api
			.post("/v1/partners/" + partnerId + "/webhooks/" + webhookId + "/deliveries/" + withheldId + "/replay",
					partner, "")
			.status()).isEqualTo(404);

		// the fleet publishes the erased order's pickup; then the other order's creation
		api.event(erased, DeliveryEventType.PICKED_UP, t0.plusSeconds(2), courier);
		awaitNotification(erased + ":STATUS:PICKED_UP");
		api.created(other, Api.id("customer"), partnerId, DESTINATION, t0.plusSeconds(3));
		String control = other;
		await().until(() -> this.receiver.received.stream().anyMatch((r) -> r.body().contains(control)));
		assertThat(deliveriesOf(api, partnerId, partner, webhookId, erased)).hasSameSizeAs(withheld);
		assertThat(received(erased)).isEqualTo(receivedBefore);
	}

	private int received(String orderId) {
		return (int) this.receiver.received.stream().filter((r) -> r.body().contains(orderId)).count();
	}

	private static int partition(String key) {
		return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % PARTITIONS;
	}

	private void awaitNotification(String notificationId) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Api.consumerProps(this.kafkaConnection, Api.id("reader")), new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(Topics.NOTIFICATIONS));
			await().until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.value().contains(notificationId)) {
						return true;
					}
				}
				return false;
			});
		}
	}

	private static List<JsonNode> deliveriesOf(Api api, String partnerId, String token, String webhookId,
			String orderId) {
		JsonNode page = api.get("/v1/partners/" + partnerId + "/webhooks/" + webhookId + "/deliveries?limit=200", token)
			.json();
		List<JsonNode> found = new ArrayList<>();
		page.get("items").forEach((item) -> {
			if (item.get("orderId").stringValue().equals(orderId)) {
				found.add(item);
			}
		});
		return found;
	}

}
