package com.acme.tracking.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

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

/**
 * Measures produce-to-visible latency against a running local runtime, from another
 * process like any client: {@code LatencyProbe [samples] [http] [bootstrap]}. For each
 * sample it produces one position of a courier carrying an order and polls {@code GET
 * /v1/orders/{id}/tracking} as the order's customer until the new position shows; the
 * time from just before the send to the first response that shows it is the sample.
 * Prints p50, p90, p99 and max.
 */
public final class LatencyProbe {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private LatencyProbe() {
	}

	public static void main(String[] args) throws Exception {
		int samples = (args.length > 0) ? Integer.parseInt(args[0]) : 200;
		String http = (args.length > 1) ? args[1] : "http://localhost:8080";
		String bootstrap = (args.length > 2) ? args[2] : "localhost:9092";
		HttpClient client = HttpClient.newHttpClient();
		String customer = "probe-" + UUID.randomUUID().toString().substring(0, 8);
		String token = JSON.readTree(
				client
					.send(HttpRequest.newBuilder(URI.create(http + "/dev/tokens"))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers
							.ofString("{\"sub\":\"" + customer + "\",\"roles\":[\"customer\"]}"))
						.build(), HttpResponse.BodyHandlers.ofString())
					.body())
			.get("token")
			.stringValue();
		String orderId = "probe-order-" + UUID.randomUUID().toString().substring(0, 8);
		String courierId = "probe-courier-" + UUID.randomUUID().toString().substring(0, 8);
		AvroCodec<DeliveryEvent> events = AvroCodec.of(DeliveryEvent.class);
		AvroCodec<CourierPosition> positions = AvroCodec.of(CourierPosition.class);
		HttpRequest get = HttpRequest.newBuilder(URI.create(http + "/v1/orders/" + orderId + "/tracking"))
			.header("Authorization", "Bearer " + token)
			.build();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0),
				new StringSerializer(), new ByteArraySerializer())) {
			Instant now = Instant.now();
			for (DeliveryEventType type : new DeliveryEventType[] { DeliveryEventType.CREATED,
					DeliveryEventType.COURIER_ASSIGNED, DeliveryEventType.PICKED_UP }) {
				DeliveryEvent event = DeliveryEvent.newBuilder()
					.setEventId(UUID.randomUUID().toString())
					.setOrderId(orderId)
					.setType(type)
					.setOccurredAt(now)
					.setCustomerId(customer)
					.setPartnerId("probe-partner")
					.setDestination(new GeoPoint(-23.5, -46.6))
					.setCourierId(courierId)
					.build();
				producer.send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, orderId, events.encode(event))).get();
			}
			while (!JSON.readTree(client.send(get, HttpResponse.BodyHandlers.ofString()).body())
				.path("status")
				.asString("")
				.equals("PICKED_UP")) {
				Thread.sleep(20);
			}
			long[] micros = new long[samples];
			for (int i = 0; i < samples; i++) {
				double lat = -23.6 + i * 1e-5;
				CourierPosition position = CourierPosition.newBuilder()
					.setCourierId(courierId)
					.setLat(lat)
					.setLon(-46.6)
					.setAccuracyMeters(5f)
					.setRecordedAt(Instant.now())
					.build();
				long start = System.nanoTime();
				producer.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, courierId, positions.encode(position)));
				while (!shows(client.send(get, HttpResponse.BodyHandlers.ofString()).body(), lat)) {
					Thread.onSpinWait();
				}
				micros[i] = (System.nanoTime() - start) / 1000;
				Thread.sleep(20);
			}
			Arrays.sort(micros);
			System.out.printf(
					"produce -> visible in GET /tracking, %d samples: p50 %.1f ms, p90 %.1f ms, "
							+ "p99 %.1f ms, max %.1f ms%n",
					samples, at(micros, 0.50), at(micros, 0.90), at(micros, 0.99), micros[samples - 1] / 1000.0);
		}
	}

	private static boolean shows(String body, double lat) {
		JsonNode position = JSON.readTree(body).path("courier").path("position");
		return position.has("lat") && position.get("lat").doubleValue() == lat;
	}

	private static double at(long[] sorted, double quantile) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1000.0;
	}

}
