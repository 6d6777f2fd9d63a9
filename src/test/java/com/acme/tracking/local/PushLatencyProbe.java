package com.acme.tracking.local;

import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.converter.SimpleMessageConverter;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * Produce-to-client latency over STOMP with many subscribers, from another process:
 * {@code PushLatencyProbe [clients] [seconds] [http] [bootstrap]}. Each client is a
 * customer subscribed to its own order whose courier sends one position a second; the
 * latency of a sample is the client's receipt time minus the position's time (set just
 * before the send, same clock). Prints p50, p90, p99, max and how many were received.
 */
public final class PushLatencyProbe {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private PushLatencyProbe() {
	}

	public static void main(String[] args) throws Exception {
		int clients = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int seconds = (args.length > 1) ? Integer.parseInt(args[1]) : 30;
		String http = (args.length > 2) ? args[2] : "http://localhost:8080";
		String bootstrap = (args.length > 3) ? args[3] : "localhost:9092";
		String run = UUID.randomUUID().toString().substring(0, 6);
		HttpClient httpClient = HttpClient.newHttpClient();
		AvroCodec<DeliveryEvent> events = AvroCodec.of(DeliveryEvent.class);
		AvroCodec<CourierPosition> positions = AvroCodec.of(CourierPosition.class);
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicInteger snapshots = new AtomicInteger();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 1),
				new StringSerializer(), new ByteArraySerializer())) {
			Instant now = Instant.now();
			for (int i = 0; i < clients; i++) {
				for (DeliveryEventType type : new DeliveryEventType[] { DeliveryEventType.CREATED,
						DeliveryEventType.COURIER_ASSIGNED, DeliveryEventType.PICKED_UP }) {
					DeliveryEvent event = DeliveryEvent.newBuilder()
						.setEventId(UUID.randomUUID().toString())
						.setOrderId(order(run, i))
						.setType(type)
						.setOccurredAt(now)
						.setCustomerId(customer(run, i))
						.setPartnerId("probe-partner")
						.setDestination(new GeoPoint(-23.5, -46.6))
						.setCourierId(courier(run, i))
						.build();
					producer.send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, order(run, i), events.encode(event)));
				}
			}
			producer.flush();
			WebSocketStompClient stomp = new WebSocketStompClient(new StandardWebSocketClient());
			stomp.setMessageConverter(new SimpleMessageConverter());
			stomp.setInboundMessageSizeLimit(64 * 1024);
			List<StompSession> sessions = new ArrayList<>();
			CountDownLatch subscribed = new CountDownLatch(clients);
			for (int i = 0; i < clients; i++) {
				String token = JSON
					.readTree(httpClient.send(HttpRequest.newBuilder(URI.create(http + "/dev/tokens"))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers
							.ofString("{\"sub\":\"" + customer(run, i) + "\",\"roles\":[\"customer\"]}"))
						.build(), HttpResponse.BodyHandlers.ofString()).body())
					.get("token")
					.stringValue();
				StompHeaders connect = new StompHeaders();
				connect.add("Authorization", "Bearer " + token);
				StompSession session = stomp.connectAsync(http.replace("http", "ws") + "/ws",
						new WebSocketHttpHeaders(), connect, new StompSessionHandlerAdapter() {
						})
					.get(30, TimeUnit.SECONDS);
				sessions.add(session);
				String orderId = order(run, i);
				subscribe(session, orderId, latencies, snapshots, subscribed);
			}
			if (!subscribed.await(60, TimeUnit.SECONDS)) {
				System.out.println("only " + snapshots.get() + " of " + clients + " snapshots arrived");
			}
			long start = System.nanoTime();
			int sent = 0;
			for (int second = 0; second < seconds; second++) {
				for (int i = 0; i < clients; i++) {
					long due = start + second * 1_000_000_000L + i * (1_000_000_000L / clients);
					for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
						java.util.concurrent.locks.LockSupport.parkNanos(wait);
					}
					CourierPosition position = CourierPosition.newBuilder()
						.setCourierId(courier(run, i))
						.setLat(-23.6 + second * 1e-4)
						.setLon(-46.6 + i * 1e-6)
						.setAccuracyMeters(5f)
						.setRecordedAt(Instant.now())
						.build();
					producer.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, courier(run, i),
							positions.encode(position)));
					sent++;
				}
			}
			producer.flush();
			long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
			while (latencies.size() < sent && System.nanoTime() < drainUntil) {
				java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			}
			long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
			System.out.printf(
					"%d clients, %d positions sent, %d received: produce -> STOMP client p50 %d ms, p90 %d ms, "
							+ "p99 %d ms, max %d ms%n",
					clients, sent, sorted.length, at(sorted, 0.5), at(sorted, 0.9), at(sorted, 0.99),
					sorted[sorted.length - 1]);
			sessions.forEach(StompSession::disconnect);
			stomp.stop();
		}
	}

	private static void subscribe(StompSession session, String orderId, ConcurrentLinkedQueue<Long> latencies,
			AtomicInteger snapshots, CountDownLatch subscribed) {
		session.subscribe("/topic/orders." + orderId, new StompSessionHandlerAdapter() {

			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				long received = System.currentTimeMillis();
				JsonNode message = JSON.readTree((byte[]) payload);
				String type = message.path("type").asString("");
				if (type.equals("snapshot")) {
					snapshots.incrementAndGet();
					subscribed.countDown();
				}
				else if (type.equals("position")) {
					Instant recordedAt = Instant.parse(message.get("position").get("recordedAt").stringValue());
					latencies.add(received - recordedAt.toEpochMilli());
				}
			}

		});
	}

	private static long at(long[] sorted, double quantile) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
	}

	private static String order(String run, int i) {
		return "push-" + run + "-order-" + i;
	}

	private static String customer(String run, int i) {
		return "push-" + run + "-customer-" + i;
	}

	private static String courier(String run, int i) {
		return "push-" + run + "-courier-" + i;
	}

}
