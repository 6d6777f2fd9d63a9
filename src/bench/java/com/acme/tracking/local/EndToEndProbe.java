package com.acme.tracking.local;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.acme.tracking.shared.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End-to-end latency under load (B4), from another process:
 * {@code EndToEndProbe [positions per second] [seconds] [http] [bootstrap]}. That many
 * couriers each send one position a second (paced evenly), each carrying an order. At the
 * same time:
 * <ul>
 * <li>baseline: a bare {@link KafkaConsumer} in this process reads the positions topic
 * (the service's fetch settings) and times each record from its timestamp to its receipt:
 * Kafka's own end-to-end latency on the same broker;</li>
 * <li>REST: ten times a second, one more position for a probe courier, then {@code GET
 * /v1/orders/{id}/tracking} in a loop until it shows;</li>
 * <li>STOMP: up to 200 customers subscribed to their orders, timed from the position's
 * {@code recordedAt} (its record's timestamp) to receipt.</li>
 * </ul>
 */
public final class EndToEndProbe {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int PROBE_COURIERS = 10;

	private EndToEndProbe() {
	}

	public static void main(String[] args) throws Exception {
		int rate = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int seconds = (args.length > 1) ? Integer.parseInt(args[1]) : 30;
		String http = (args.length > 2) ? args[2] : "http://localhost:8080";
		String bootstrap = (args.length > 3) ? args[3] : "localhost:9092";
		BenchFleet fleet = new BenchFleet(http, bootstrap);
		// couriers 0..rate-1 carry the load; the next ten are the REST probe's
		fleet.createOrders(rate + PROBE_COURIERS);
		AtomicBoolean measuring = new AtomicBoolean();
		Samples kafka = new Samples();
		Samples rest = new Samples();
		Samples stomp = new Samples();
		Thread baseline = new Thread(() -> bareConsumer(bootstrap, fleet.prefix, measuring, kafka), "bare-consumer");
		baseline.start();
		int subscribers = Math.min(200, rate);
		List<CompletableFuture<WebSocket>> sockets = new ArrayList<>();
		for (int i = 0; i < subscribers; i++) {
			sockets.add(BenchFleet.stomp(fleet.client, URI.create(http.replace("http", "ws") + "/ws"),
					fleet.customerToken(i), List.of("/topic/orders." + fleet.order(i)), (frame) -> {
						Instant recordedAt = BenchFleet.recordedAt(frame);
						if (recordedAt != null && measuring.get()) {
							stomp.add(Math.max(0, (System.currentTimeMillis() - recordedAt.toEpochMilli()) * 1000));
						}
					}));
		}
		for (CompletableFuture<WebSocket> socket : sockets) {
			socket.get(30, TimeUnit.SECONDS);
		}
		Thread restProbe = new Thread(() -> restProbe(fleet, rate, seconds, rest), "rest-probe");
		measuring.set(true);
		restProbe.start();
		int sent = fleet.paceFleet(rate, seconds);
		restProbe.join();
		TimeUnit.SECONDS.sleep(2);
		measuring.set(false);
		baseline.interrupt();
		System.out.printf("%d positions/s for %d s (%d sent), %d STOMP subscribers%n", rate, seconds, sent,
				subscribers);
		System.out.printf("  baseline produce -> bare consumer   %s%n", kafka.summary());
		System.out.printf("  produce -> visible in GET /tracking %s%n", rest.summary());
		System.out.printf("  produce -> STOMP client             %s%n", stomp.summary());
		System.out.printf("  p99 over the baseline's: REST +%.1f ms, STOMP +%.1f ms%n",
				rest.millis(0.99) - kafka.millis(0.99), stomp.millis(0.99) - kafka.millis(0.99));
		System.exit(0);
	}

	private static void restProbe(BenchFleet fleet, int rate, int seconds, Samples rest) {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		for (int n = 0; System.nanoTime() < end; n++) {
			int courier = rate + (n % PROBE_COURIERS);
			double lat = -23.7 + n * 1e-5;
			HttpRequest get = HttpRequest
				.newBuilder(URI.create(fleet.http + "/v1/orders/" + fleet.order(courier) + "/tracking"))
				.header("Authorization", "Bearer " + fleet.supportToken)
				.build();
			long start = System.nanoTime();
			fleet.sendPosition(courier, lat);
			try {
				while (!shows(fleet.client.send(get, HttpResponse.BodyHandlers.ofString()).body(), lat)) {
					if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(10)) {
						throw new IllegalStateException("a position never showed");
					}
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			rest.add((System.nanoTime() - start) / 1000);
			long next = start + TimeUnit.MILLISECONDS.toNanos(100);
			java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
		}
	}

	private static boolean shows(String body, double lat) {
		JsonNode position = JSON.readTree(body).path("courier").path("position");
		return position.has("lat") && position.get("lat").doubleValue() == lat;
	}

	private static void bareConsumer(String bootstrap, String prefix, AtomicBoolean measuring, Samples kafka) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50,
						ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topics.COURIER_POSITIONS)
				.stream()
				.map((p) -> new TopicPartition(Topics.COURIER_POSITIONS, p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToEnd(partitions);
			while (!Thread.currentThread().isInterrupted()) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
					if (measuring.get() && record.key() != null && record.key().startsWith(prefix)) {
						kafka.add(Math.max(0, (System.currentTimeMillis() - record.timestamp()) * 1000));
					}
				}
			}
		}
		catch (org.apache.kafka.common.errors.InterruptException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
