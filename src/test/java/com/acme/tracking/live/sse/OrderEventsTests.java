package com.acme.tracking.live.sse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.live.SseTestClient;
import com.acme.tracking.local.DevKeys;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order's messages as Server-Sent Events, and a reconnect that misses no status
 * change.
 */
@TrackingIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class OrderEventsTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aClientResumingWithLastEventIdMissesNoStatusChange() {
		Api api = new Api(this.port, this.kafka);
		String orderId = Api.id("order");
		String customerId = Api.id("customer");
		String courierId = Api.id("courier");
		Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
		String owner = api.token(customerId, "customer");
		api.created(orderId, customerId, Api.id("partner"), DESTINATION, t0);
		api.event(orderId, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(1), courierId);
		api.event(orderId, DeliveryEventType.PICKED_UP, t0.plusSeconds(2), courierId);
		await().until(() -> status(api, orderId, owner).equals("PICKED_UP"));

		Stream first = open(orderId, owner, null);
		await().until(() -> first.events.size() >= 1);
		assertThat(first.events.get(0).name()).isEqualTo("snapshot");
		api.event(orderId, DeliveryEventType.OUT_FOR_DELIVERY, t0.plusSeconds(3), courierId);
		await().until(() -> first.named("status").size() == 1);
		Event outForDelivery = first.named("status").get(0);
		assertThat(outForDelivery.data()).contains("\"status\":\"OUT_FOR_DELIVERY\"");
		assertThat(outForDelivery.id()).isNotNull();
		first.close();

		// While the client is away: arriving, then delivered.
		api.position(courierId, DESTINATION.getLat() - 0.003, DESTINATION.getLon(), Instant.now(), 5f);
		await()
			.until(() -> api.get("/v1/orders/" + orderId + "/tracking", owner).json().get("arriving").booleanValue());
		api.event(orderId, DeliveryEventType.DELIVERED, t0.plusSeconds(40), courierId);
		await().until(() -> status(api, orderId, owner).equals("DELIVERED"));

		Stream resumed = open(orderId, owner, outForDelivery.id());
		await().until(() -> resumed.events.size() >= 3);
		assertThat(resumed.events).extracting(Event::name).startsWith("snapshot", "notification", "status");
		assertThat(resumed.events.get(1).data()).contains("\"kind\":\"ARRIVING\"");
		assertThat(resumed.events.get(2).data()).contains("\"status\":\"DELIVERED\"");
		resumed.close();
	}

	@Test
	void theStreamHasTheSameAuthorizationAsEverythingElse() throws Exception {
		Api api = new Api(this.port, this.kafka);
		String orderId = Api.id("order");
		api.created(orderId, Api.id("customer"), Api.id("partner"), DESTINATION, Instant.now());
		String stranger = api.token(Api.id("customer"), "customer");
		String support = api.token(Api.id("agent"), "support");
		await().until(() -> api.get("/v1/orders/" + orderId + "/tracking", support).status() == 200);
		assertThat(api.get("/v1/orders/" + orderId + "/events", stranger).status()).isEqualTo(404);
		assertThat(api.get("/v1/orders/" + orderId + "/events", null).status()).isEqualTo(401);
	}

	/**
	 * A stream lives no longer than the JWT it was opened with: it ends at the token's
	 * expiry (well before the 30-minute stream limit), while a stream with a valid token
	 * stays.
	 */
	@Test
	void aStreamEndsWhenItsTokenExpires() throws Exception {
		Api api = new Api(this.port, this.kafka);
		String orderId = Api.id("order");
		String customerId = Api.id("customer");
		String longLived = api.token(customerId, "customer");
		api.created(orderId, customerId, Api.id("partner"), DESTINATION, Instant.now());
		await().until(() -> api.get("/v1/orders/" + orderId + "/tracking", longLived).status() == 200);
		String shortLived = DevKeys.token(customerId, List.of("customer"), null, Duration.ofSeconds(4));
		Instant expiry = Instant.ofEpochSecond(JsonMapper.builder()
			.build()
			.readTree(Base64.getUrlDecoder().decode(shortLived.split("\\.")[1]))
			.get("exp")
			.asLong());
		try (SseTestClient expiring = SseTestClient.open(this.port, orderId, shortLived);
				SseTestClient staying = SseTestClient.open(this.port, orderId, longLived)) {
			await().until(() -> !expiring.named("snapshot").isEmpty() && !staying.named("snapshot").isEmpty());
			assertThat(expiring.isEnded()).isFalse();
			await().atMost(Duration.ofSeconds(20)).until(expiring::isEnded);
			Duration afterExpiry = Duration.between(expiry, Instant.now());
			System.out.println(
					"SSE token expiry: the stream ended " + afterExpiry.toMillis() + " ms after the token expired");
			assertThat(afterExpiry).as("ended at the token's expiry").isLessThan(Duration.ofSeconds(3));
			assertThat(staying.isEnded()).as("a stream with a valid token stays").isFalse();
		}
	}

	/**
	 * Every support read is audited, SSE included: the same line as REST, naming the
	 * channel; other callers' streams are not audit lines.
	 */
	@Test
	void aSupportAgentOpeningAStreamIsAudited(CapturedOutput output) throws Exception {
		Api api = new Api(this.port, this.kafka);
		String orderId = Api.id("order");
		String customerId = Api.id("customer");
		String agent = Api.id("agent");
		String owner = api.token(customerId, "customer");
		api.created(orderId, customerId, Api.id("partner"), DESTINATION, Instant.now());
		await().until(() -> api.get("/v1/orders/" + orderId + "/tracking", owner).status() == 200);
		try (SseTestClient support = SseTestClient.open(this.port, orderId, api.token(agent, "support"));
				SseTestClient customer = SseTestClient.open(this.port, orderId, owner)) {
			await().until(() -> !support.named("snapshot").isEmpty() && !customer.named("snapshot").isEmpty());
			await().until(() -> output.getAll()
				.contains("audit actor=" + agent + " role=support action=stream-events resource=order:" + orderId
						+ " channel=sse"));
			assertThat(output.getAll()).doesNotContain("actor=" + customerId);
		}
	}

	private static String status(Api api, String orderId, String token) {
		return api.get("/v1/orders/" + orderId + "/tracking", token).json().path("status").asString("");
	}

	private Stream open(String orderId, String token, @Nullable String lastEventId) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/v1/orders/" + orderId + "/events"))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "text/event-stream");
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		Stream stream = new Stream();
		stream.response = this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
			.thenAccept((response) -> response.body().forEach(stream::line));
		return stream;
	}

	record Event(String name, @Nullable String id, String data) {
	}

	static final class Stream {

		final List<Event> events = new CopyOnWriteArrayList<>();

		@Nullable CompletableFuture<Void> response;

		private String name = "message";

		private @Nullable String id;

		private final StringBuilder data = new StringBuilder();

		void line(String line) {
			if (line.isEmpty()) {
				if (!this.data.isEmpty()) {
					this.events.add(new Event(this.name, this.id, this.data.toString()));
				}
				this.name = "message";
				this.id = null;
				this.data.setLength(0);
			}
			else if (line.startsWith("event:")) {
				this.name = line.substring(6).trim();
			}
			else if (line.startsWith("id:")) {
				this.id = line.substring(3).trim();
			}
			else if (line.startsWith("data:")) {
				this.data.append(line.substring(5));
			}
		}

		List<Event> named(String name) {
			return this.events.stream().filter((e) -> e.name().equals(name)).toList();
		}

		void close() {
			if (this.response != null) {
				this.response.cancel(true);
			}
		}

	}

}
