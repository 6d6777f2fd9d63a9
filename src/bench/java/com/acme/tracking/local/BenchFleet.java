package com.acme.tracking.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.delivery.ingest.DeliveryEvent;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.AvroCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the latency benchmarks share: a fleet of {@code n} orders in transit (order
 * {@code i} of customer {@code i}, carried by courier {@code i}), their positions, and a
 * minimal STOMP client over the JDK's WebSocket (light enough for 10,000 sessions in one
 * process, and the same code for the baseline's plain sessions).
 */
public final class BenchFleet {

	private static final AvroCodec<DeliveryEvent> EVENTS = AvroCodec.of(DeliveryEvent.class);

	private static final AvroCodec<CourierPosition> POSITIONS = AvroCodec.of(CourierPosition.class);

	final String prefix = "b" + UUID.randomUUID().toString().substring(0, 6);

	final String http;

	final KafkaProducer<String, byte[]> producer;

	final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	final String supportToken = DevKeys.token("bench-agent", List.of("support"), null, Duration.ofHours(2));

	BenchFleet(String http, String bootstrap) {
		this.http = http;
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0),
				new StringSerializer(), new ByteArraySerializer());
	}

	String order(int i) {
		return this.prefix + "-order-" + i;
	}

	String customer(int i) {
		return this.prefix + "-customer-" + i;
	}

	String courier(int i) {
		return this.prefix + "-courier-" + i;
	}

	String customerToken(int i) {
		return DevKeys.token(customer(i), List.of("customer"), null, Duration.ofHours(2));
	}

	/**
	 * Creates orders 0..n-1, assigned and picked up, and waits until the service has
	 * them.
	 */
	void createOrders(int n) throws Exception {
		Instant now = Instant.now();
		for (int i = 0; i < n; i++) {
			for (DeliveryEventType type : new DeliveryEventType[] { DeliveryEventType.CREATED,
					DeliveryEventType.COURIER_ASSIGNED, DeliveryEventType.PICKED_UP }) {
				DeliveryEvent event = DeliveryEvent.newBuilder()
					.setEventId(UUID.randomUUID().toString())
					.setOrderId(order(i))
					.setType(type)
					.setOccurredAt(now)
					.setCustomerId(customer(i))
					.setPartnerId("bench-partner")
					.setDestination(new GeoPoint(-23.5, -46.6))
					.setCourierId(courier(i))
					.build();
				this.producer.send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, order(i), EVENTS.encode(event)));
			}
		}
		this.producer.flush();
		for (int i = Math.max(0, n - 100); i < n; i++) { // the last ones of every
															// partition
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (status(order(i)) != 200) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("order " + order(i) + " never became visible");
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
			}
		}
	}

	private int status(String orderId) throws Exception {
		return this.client
			.send(HttpRequest.newBuilder(URI.create(this.http + "/v1/orders/" + orderId + "/tracking"))
				.header("Authorization", "Bearer " + this.supportToken)
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	/** Sends a position of courier {@code i} at {@code lat}, recorded now. */
	void sendPosition(int i, double lat) {
		CourierPosition position = CourierPosition.newBuilder()
			.setCourierId(courier(i))
			.setLat(lat)
			.setLon(-46.6 + (i % 1000) * 1e-6)
			.setAccuracyMeters(5f)
			.setRecordedAt(Instant.now())
			.build();
		this.producer.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, courier(i), POSITIONS.encode(position)));
	}

	/**
	 * Sends one position a second for each of couriers {@code 0..couriers-1} (paced
	 * evenly) for {@code seconds}; answers how many were sent.
	 */
	int paceFleet(int couriers, int seconds) {
		long start = System.nanoTime();
		int sent = 0;
		for (int second = 0; second < seconds; second++) {
			for (int i = 0; i < couriers; i++) {
				long due = start + second * 1_000_000_000L + i * (1_000_000_000L / couriers);
				for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
					LockSupport.parkNanos(wait);
				}
				sendPosition(i, -23.6 + (second % 1000) * 1e-5);
				sent++;
			}
		}
		this.producer.flush();
		return sent;
	}

	/** Heap in use by the service after a full collection ({@code POST /dev/gc}). */
	long serviceHeapAfterGc() throws Exception {
		String body = this.client
			.send(HttpRequest.newBuilder(URI.create(this.http + "/dev/gc"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		return Long.parseLong(body.replaceAll("[^0-9]", ""));
	}

	/** A counter of the service's Prometheus page (0 when absent). */
	double metric(String name) throws Exception {
		String page = this.client
			.send(HttpRequest.newBuilder(URI.create(this.http + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		double total = 0;
		for (String line : page.split("\n")) {
			if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
				total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return total;
	}

	/** The time a position message carries ({@code "recordedAt":"..."}), or null. */
	static Instant recordedAt(CharSequence frame) {
		String text = frame.toString();
		if (!text.contains("\"type\":\"position\"")) {
			return null;
		}
		int at = text.indexOf("\"recordedAt\":\"");
		if (at < 0) {
			return null;
		}
		int from = at + 14;
		return Instant.parse(text.substring(from, text.indexOf('"', from)));
	}

	/**
	 * A STOMP session over the JDK WebSocket client: CONNECT (with a bearer token when
	 * given), then SUBSCRIBE to each destination once CONNECTED arrives. Every frame
	 * received (whole) goes to {@code frames}.
	 */
	static CompletableFuture<WebSocket> stomp(HttpClient client, URI uri, String token, List<String> destinations,
			Consumer<String> frames) {
		return stomp(client, uri, token, destinations, frames, (code, reason) -> {
		});
	}

	/**
	 * A STOMP session by hand over the JDK WebSocket client: CONNECT with the token,
	 * SUBSCRIBE to the destinations once CONNECTED; every frame to {@code frames}, the
	 * close frame's status and reason to {@code closed}.
	 */
	public static CompletableFuture<WebSocket> stomp(HttpClient client, URI uri, String token,
			List<String> destinations, Consumer<String> frames, java.util.function.BiConsumer<Integer, String> closed) {
		return client.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {

			@Override
			public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
				closed.accept(statusCode, reason);
				return null;
			}

			private final StringBuilder partial = new StringBuilder();

			@Override
			public void onOpen(WebSocket socket) {
				if (token != null) {
					socket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nAuthorization:Bearer "
							+ token + "\n\n\0", true);
				}
				socket.request(1);
			}

			@Override
			public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
				this.partial.append(data);
				if (last) {
					String frame = this.partial.toString();
					this.partial.setLength(0);
					if (frame.startsWith("CONNECTED")) {
						StringBuilder subscribe = new StringBuilder();
						for (int s = 0; s < destinations.size(); s++) {
							subscribe.append("SUBSCRIBE\nid:")
								.append(s)
								.append("\ndestination:")
								.append(destinations.get(s))
								.append("\n\n\0");
						}
						socket.sendText(subscribe, true);
					}
					frames.accept(frame);
				}
				socket.request(1);
				return null;
			}

		});
	}

}
