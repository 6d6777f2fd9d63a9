package com.acme.tracking.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.acme.tracking.Api;
import com.acme.tracking.RequiredEnvironment;
import com.acme.tracking.TrackingApplication;
import com.acme.tracking.local.LocalRuntime;
import com.acme.tracking.shared.Topics;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The webhook dispatcher's figures, in-process against the real embedded broker and
 * PostgreSQL and a real HTTP receiver on localhost that verifies every signature:
 * <ol>
 * <li>1,000 notifications (distinct orders) produced at once to
 * {@code tracking.notifications.v1}: latency from each notification's time to its
 * reception (p50, p99), and the throughput of one dispatcher to one endpoint
 * ({@code per-endpoint} attempts in flight);</li>
 * <li>the baseline of the same run: the same 1,000 bodies POSTed straight to the receiver
 * with as many in flight;</li>
 * <li>a backlog of 10,000 logged while the dispatcher is stopped, and the time a started
 * dispatcher takes to drain it.</li>
 * </ol>
 * {@code bench/tool webhook.WebhookLoad [notifications] [backlog]}
 */
public final class WebhookLoad {

	private WebhookLoad() {
	}

	public static void main(String[] args) throws Exception {
		int count = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int backlog = (args.length > 1) ? Integer.parseInt(args[1]) : 10_000;
		System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "com.acme.tracking");
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TrackingApplication.class,
				LocalRuntime.class)
			.profiles(RequiredEnvironment.LOCAL_PROFILE)
			.properties("server.port=0", "logging.level.root=WARN", "spring.main.banner-mode=off")
			.run(); Receiver receiver = new Receiver()) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			@SuppressWarnings("unchecked")
			KafkaTemplate<String, byte[]> kafka = app.getBean(KafkaTemplate.class);
			WebhookSettings settings = app.getBean(WebhookSettings.class);
			Api api = new Api(port, kafka);
			String partnerId = Api.id("partner");
			String token = api.token(Api.id("user"), "partner", partnerId);
			String created = api
				.post("/v1/partners/" + partnerId + "/webhooks", token, "{\"url\":\"" + receiver.url() + "\"}")
				.body();
			receiver.secrets.add(created.replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1"));

			// 1. warm up, then 1,000 at once
			produce(kafka, partnerId, 200);
			await(receiver, 200, Duration.ofSeconds(60));
			receiver.received.clear();
			Instant start = Instant.now();
			produce(kafka, partnerId, count);
			await(receiver, count, Duration.ofMinutes(5));
			List<Long> latencies = new ArrayList<>();
			Instant last = start;
			for (Receiver.Received r : receiver.received) {
				Instant at = Instant.parse(r.body().replaceAll(".*\"at\":\"([^\"]+)\".*", "$1"));
				latencies.add(Duration.between(at, r.at()).toMillis());
				last = r.at().isAfter(last) ? r.at() : last;
			}
			Collections.sort(latencies);
			double seconds = Duration.between(start, last).toMillis() / 1000.0;
			long unverified = receiver.received.stream().filter((r) -> !r.verified()).count();
			System.out.printf(
					"dispatcher: %d notifications to one endpoint (%d in flight), all received in %.2f s: "
							+ "%.0f/s; latency notification->received p50 %d ms, p99 %d ms, max %d ms; unverified %d%n",
					count, settings.perEndpoint(), seconds, count / seconds, latencies.get(latencies.size() / 2),
					latencies.get((int) (latencies.size() * 0.99)), latencies.get(latencies.size() - 1), unverified);

			// 2. the baseline: the same bodies POSTed straight to the receiver
			receiver.received.clear();
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
			ExecutorService pool = Executors.newFixedThreadPool(settings.perEndpoint());
			List<Long> direct = Collections.synchronizedList(new ArrayList<>());
			Instant baseline = Instant.now();
			String secret = receiver.secrets.get(0);
			for (int i = 0; i < count; i++) {
				String body = body(Api.id("order"), partnerId);
				pool.execute(() -> {
					long t0 = System.nanoTime();
					long ts = Instant.now().getEpochSecond();
					byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
					try {
						http.send(HttpRequest.newBuilder(URI.create(receiver.url()))
							.header("Content-Type", "application/json")
							.header("Tracking-Webhook-Id", "direct")
							.header("Tracking-Webhook-Timestamp", Long.toString(ts))
							.header("Tracking-Webhook-Signature", "v1=" + Signatures.sign(secret, ts, bytes))
							.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
							.build(), HttpResponse.BodyHandlers.discarding());
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
					direct.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
				});
			}
			pool.shutdown();
			pool.awaitTermination(5, TimeUnit.MINUTES);
			double directSeconds = Duration.between(baseline, Instant.now()).toMillis() / 1000.0;
			Collections.sort(direct);
			System.out.printf(
					"baseline (same run): %d POSTs straight to the receiver, %d in flight: %.2f s, %.0f/s; "
							+ "round trip p50 %d ms, p99 %d ms%n",
					count, settings.perEndpoint(), directSeconds, count / directSeconds, direct.get(direct.size() / 2),
					direct.get((int) (direct.size() * 0.99)));

			// 3. a backlog logged while the dispatcher is stopped, then drained
			receiver.received.clear();
			SmartLifecycle dispatcher = app.getBean("webhookDispatcher", SmartLifecycle.class);
			DeliveryLog log = app.getBean(DeliveryLog.class);
			dispatcher.stop();
			produce(kafka, partnerId, backlog);
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
			while (log.pending() < backlog && System.nanoTime() < deadline) {
				Thread.sleep(200);
			}
			System.out.printf("backlog: %d deliveries logged while stopped%n", log.pending());
			Instant restart = Instant.now();
			dispatcher.start();
			await(receiver, backlog, Duration.ofMinutes(10));
			double drain = Duration.between(restart, Instant.now()).toMillis() / 1000.0;
			System.out.printf(
					"drain: a started dispatcher delivered the %d waiting in %.1f s (%.0f/s); pending now %d%n",
					backlog, drain, backlog / drain, log.pending());
		}
		System.exit(0);
	}

	private static void produce(KafkaTemplate<String, byte[]> kafka, String partnerId, int count) {
		for (int i = 0; i < count; i++) {
			String orderId = Api.id("order");
			kafka.send(Topics.NOTIFICATIONS, orderId, body(orderId, partnerId).getBytes(StandardCharsets.UTF_8));
		}
		kafka.flush();
	}

	private static String body(String orderId, String partnerId) {
		return "{\"notificationId\":\"" + orderId + ":STATUS:PICKED_UP\",\"orderId\":\"" + orderId
				+ "\",\"partnerId\":\"" + partnerId + "\",\"kind\":\"STATUS\",\"status\":\"PICKED_UP\",\"at\":\""
				+ Instant.now() + "\",\"etaSeconds\":420}";
	}

	private static void await(Receiver receiver, int count, Duration limit) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (receiver.received.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		if (receiver.received.size() < count) {
			throw new IllegalStateException("Only " + receiver.received.size() + " of " + count + " received");
		}
	}

}
