package com.acme.tracking.faults;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.acme.tracking.delivery.ingest.DeliveryEvent;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.local.BenchFleet;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.AvroCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The client side of R17 ({@code bench/faults r17}): {@code ShutdownProbe <http> <token>
 * <bootstrap>} creates an order, follows it over STOMP and SSE, and keeps four threads of
 * REST requests running; then the harness stops the service with SIGTERM. Reports the
 * requests answered, refused (the listener closed: a new connection was not accepted),
 * and failed (an accepted request cut or answered 5xx — graceful shutdown promises none),
 * the WebSocket close frame, and how the SSE stream ended. A request sent on a pooled
 * connection the server closed while idle, and never read, is retried once, as HTTP
 * allows for idempotent requests; the report counts those retries.
 */
public final class ShutdownProbe {

	private ShutdownProbe() {
	}

	public static void main(String[] args) throws Exception {
		String http = args[0];
		String token = args[1];
		String orderId = "r17-order-" + System.currentTimeMillis();
		Properties props = new Properties();
		props.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[2]));
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
				new ByteArraySerializer())) {
			DeliveryEvent created = DeliveryEvent.newBuilder()
				.setEventId(orderId + "-1")
				.setOrderId(orderId)
				.setType(DeliveryEventType.CREATED)
				.setOccurredAt(Instant.now().minusSeconds(5))
				.setCustomerId("r17-customer")
				.setPartnerId("r17-partner")
				.setDestination(new GeoPoint(-23.56, -46.65))
				.build();
			producer
				.send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, orderId,
						AvroCodec.of(DeliveryEvent.class).encode(created)))
				.get();
		}
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		URI tracking = URI.create(http + "/v1/orders/" + orderId + "/tracking");
		HttpRequest get = HttpRequest.newBuilder(tracking).header("Authorization", "Bearer " + token).build();
		for (int i = 0; i < 200 && client.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() != 200; i++) {
			Thread.sleep(100);
		}

		AtomicReference<String> closed = new AtomicReference<>("none");
		CountDownLatch wsClosed = new CountDownLatch(1);
		BenchFleet.stomp(client, URI.create(http.replace("http", "ws") + "/ws"), token,
				List.of("/topic/orders." + orderId), (frame) -> {
				}, (code, reason) -> {
					closed.set(code + " " + reason);
					wsClosed.countDown();
				})
			.get(10, TimeUnit.SECONDS);

		AtomicReference<String> sse = new AtomicReference<>("open");
		CountDownLatch sseEnded = new CountDownLatch(1);
		client
			.sendAsync(HttpRequest.newBuilder(URI.create(http + "/v1/orders/" + orderId + "/events"))
				.header("Authorization", "Bearer " + token)
				.header("Accept", "text/event-stream")
				.build(), HttpResponse.BodyHandlers.ofLines())
			.thenAccept((response) -> response.body().forEach((line) -> {
			}))
			.whenComplete((ok, ex) -> {
				sse.set((ex == null) ? "ended cleanly" : "failed: " + ex);
				sseEnded.countDown();
			});

		AtomicInteger answered = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
		AtomicInteger refusedInARow = new AtomicInteger();
		AtomicInteger retried = new AtomicInteger();
		Thread[] threads = new Thread[4];
		for (int t = 0; t < threads.length; t++) {
			threads[t] = new Thread(() -> {
				while (refusedInARow.get() < 40) {
					try {
						int status;
						try {
							status = client.send(get, HttpResponse.BodyHandlers.ofString()).statusCode();
						}
						catch (IOException ex) {
							if (!String.valueOf(ex.getMessage()).contains("received no bytes")) {
								throw ex;
							}
							// the keep-alive race: the server closed an idle pooled
							// connection as this request went out on it, and never read
							// it. HTTP lets a client retry an idempotent request then
							// (RFC 9112, 9.3.1), as browsers and OkHttp do: once.
							retried.incrementAndGet();
							status = client.send(get, HttpResponse.BodyHandlers.ofString()).statusCode();
						}
						statuses.computeIfAbsent(status, (s) -> new AtomicInteger()).incrementAndGet();
						answered.incrementAndGet();
						if (status >= 500) {
							failed.incrementAndGet();
						}
						refusedInARow.set(0);
					}
					catch (ConnectException ex) {
						refused.incrementAndGet();
						refusedInARow.incrementAndGet();
						sleep(50);
					}
					catch (IOException ex) {
						failed.incrementAndGet();
						failures.computeIfAbsent(String.valueOf(ex), (m) -> new AtomicInteger()).incrementAndGet();
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
			threads[t].start();
		}
		System.out.println("probe: load running");
		for (Thread thread : threads) {
			thread.join(120_000);
		}
		wsClosed.await(10, TimeUnit.SECONDS);
		sseEnded.await(10, TimeUnit.SECONDS);
		System.out.printf(
				"rest: %d answered %s, %d refused after the listener closed, %d retried after a closed idle "
						+ "connection, failed requests: %d, %s%n",
				answered.get(), statuses, refused.get(), retried.get(), failed.get(), failures);
		System.out.println("websocket closed: " + closed.get());
		System.out.println("sse: " + sse.get());
		System.exit(0);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
