package com.acme.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.delivery.ingest.DeliveryEvent;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.AvroCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * What a client of the running service does in tests: mint development tokens, call the
 * REST API over real HTTP, produce records to the real broker. Every answer of a
 * {@code /v1} operation is checked against {@code api/openapi.yaml}
 * ({@link ApiContract}).
 */
public final class Api {

	static final JsonMapper JSON = JsonMapper.builder().build();

	public static final AvroCodec<DeliveryEvent> EVENTS = AvroCodec.of(DeliveryEvent.class);

	static final AvroCodec<CourierPosition> POSITIONS = AvroCodec.of(CourierPosition.class);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final KafkaTemplate<String, byte[]> kafka;

	public Api(int port, KafkaTemplate<String, byte[]> kafka) {
		this.base = "http://localhost:" + port;
		this.kafka = kafka;
	}

	/**
	 * The bootstrap servers of the broker the tests run against (embedded or a
	 * container).
	 */
	public static String bootstrap(org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails kafka) {
		return String.join(",", kafka.getBootstrapServers());
	}

	/** Properties of a test consumer reading from the start, without committing. */
	public static java.util.Map<String, Object> consumerProps(
			org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails kafka, String group) {
		return new java.util.HashMap<>(java.util.Map.of("bootstrap.servers", bootstrap(kafka), "group.id", group,
				"enable.auto.commit", false, "auto.offset.reset", "earliest"));
	}

	public static String id(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	public String token(String sub, String role) {
		return token(sub, role, null);
	}

	public String token(String sub, String role, @Nullable String partnerId) {
		String body = "{\"sub\":\"" + sub + "\",\"roles\":[\"" + role + "\"]"
				+ ((partnerId != null) ? ",\"partner_id\":\"" + partnerId + "\"" : "") + "}";
		return post("/dev/tokens", null, body).json().get("token").stringValue();
	}

	public Response get(String path, @Nullable String token, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	public Response post(String path, @Nullable String token, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request.build());
	}

	public Response patch(String path, @Nullable String token, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request.build());
	}

	public Response delete(String path, @Nullable String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path)).DELETE();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request.build());
	}

	/**
	 * Sends a request; its answer must be one that {@code api/openapi.yaml} declares for
	 * the operation ({@link ApiContract}), or the test fails.
	 */
	private Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request,
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			ApiContract.published()
				.check(request.method(), request.uri(), response.statusCode(), response.headers(), response.body());
			return new Response(response);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public void event(String orderId, DeliveryEventType type, Instant at, @Nullable String courierId) {
		event(DeliveryEvent.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setOrderId(orderId)
			.setType(type)
			.setOccurredAt(at)
			.setCourierId(courierId)
			.build());
	}

	public void created(String orderId, String customerId, String partnerId, GeoPoint destination, Instant at) {
		event(DeliveryEvent.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setOrderId(orderId)
			.setType(DeliveryEventType.CREATED)
			.setOccurredAt(at)
			.setCustomerId(customerId)
			.setPartnerId(partnerId)
			.setDestination(destination)
			.build());
	}

	/**
	 * A valid CREATED event for an order of {@code customer-1} and {@code partner-1},
	 * happening now, for tests that send it themselves or change a field first.
	 */
	public static DeliveryEvent createdEvent(String orderId) {
		return DeliveryEvent.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setOrderId(orderId)
			.setType(DeliveryEventType.CREATED)
			.setOccurredAt(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
			.setCustomerId("customer-1")
			.setPartnerId("partner-1")
			.setDestination(new GeoPoint(-23.56, -46.65))
			.build();
	}

	public void event(DeliveryEvent event) {
		this.kafka.send(Topics.DELIVERY_EVENTS, event.getOrderId(), EVENTS.encode(event)).join();
	}

	public void position(String courierId, double lat, double lon, Instant at, @Nullable Float accuracy) {
		CourierPosition position = CourierPosition.newBuilder()
			.setCourierId(courierId)
			.setLat(lat)
			.setLon(lon)
			.setAccuracyMeters(accuracy)
			.setSpeedMetersPerSecond(8f)
			.setRecordedAt(at)
			.build();
		this.kafka.send(Topics.COURIER_POSITIONS, courierId, POSITIONS.encode(position)).join();
	}

	/** An HTTP answer. */
	/**
	 * The {@code dlt-reason} of dead letters with these keys (waits up to 20 s for all).
	 */
	public static java.util.Map<String, String> deadLetterReasons(
			org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails kafka, List<String> keys) {
		java.util.Map<String, Object> props = consumerProps(kafka, "dlt-" + java.util.UUID.randomUUID());
		props.put("auto.offset.reset", "earliest");
		try (org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer = new org.springframework.kafka.core.DefaultKafkaConsumerFactory<>(
				props, new org.apache.kafka.common.serialization.StringDeserializer(),
				new org.apache.kafka.common.serialization.ByteArrayDeserializer())
			.createConsumer()) {
			consumer.subscribe(List.of(com.acme.tracking.shared.Topics.DEAD_LETTER));
			java.util.Map<String, String> reasons = new java.util.HashMap<>();
			long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
			while (!reasons.keySet().containsAll(keys) && System.nanoTime() < deadline) {
				for (org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record : consumer
					.poll(java.time.Duration.ofMillis(500))) {
					if (keys.contains(record.key())) {
						reasons.put(record.key(), new String(record.headers().lastHeader("dlt-reason").value(),
								java.nio.charset.StandardCharsets.UTF_8));
					}
				}
			}
			return reasons;
		}
	}

	public record Response(HttpResponse<String> raw) {

		public int status() {
			return this.raw.statusCode();
		}

		public String body() {
			return this.raw.body();
		}

		public JsonNode json() {
			return JSON.readTree(this.raw.body());
		}

		public @Nullable String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		public List<String> headers(String name) {
			return this.raw.headers().allValues(name);
		}

		public String contentType() {
			return this.raw.headers().firstValue("Content-Type").orElse("");
		}

	}

}
