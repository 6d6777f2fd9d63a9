package com.acme.tracking.live.sse;

import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.acme.tracking.Api;
import com.acme.tracking.RequiredEnvironment;
import com.acme.tracking.TrackingApplication;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.live.SseTestClient;
import com.acme.tracking.local.LocalRuntime;
import com.acme.tracking.shared.kafka.CatchUp;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.coyote.AbstractProtocol;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * R10 for SSE (issue 14, item 6): SSE clients that stop reading are closed by the same
 * limits as WebSocket ones and counted, while a healthy stream next to them keeps
 * receiving. More stalled clients than the SSE writer pool has threads: with blocking
 * writes each of them held a thread, and every stream of the replica stopped.
 *
 * <p>
 * A replica of its own, whose positions are conflated to one per 20 ms instead of one a
 * second, so that a stalled client's socket buffers fill in seconds (at one a second it
 * takes minutes); the writes, the limits and the pool are the production ones.
 */
@TrackingIntegrationTest
class SseSlowClientsTests {

	static final int STALLED = 20;

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	@Autowired
	JdbcConnectionDetails jdbcConnection;

	ConfigurableApplicationContext replica;

	int port;

	final ScheduledExecutorService fleet = Executors.newSingleThreadScheduledExecutor();

	@BeforeEach
	void startABusyReplica() {
		this.replica = new SpringApplicationBuilder(TrackingApplication.class, LocalRuntime.class)
			.profiles(RequiredEnvironment.LOCAL_PROFILE)
			.run("--server.port=0", "--tracking.local.external-kafka=" + Api.bootstrap(this.kafkaConnection),
					"--tracking.local.jdbc-url=" + this.jdbcConnection.getJdbcUrl(),
					"--tracking.live.position-interval=20ms");
		this.port = ((WebServerApplicationContext) this.replica).getWebServer().getPort();
		await().atMost(Duration.ofSeconds(90)).until(() -> this.replica.getBean(CatchUp.class).caughtUp());
	}

	@AfterEach
	void stop() {
		this.fleet.shutdownNow();
		if (this.replica != null) {
			this.replica.close();
		}
	}

	@Test
	void stalledStreamsAreClosedAndCountedWhileAHealthyStreamKeepsReceiving() throws Exception {
		Api api = new Api(this.port, this.kafka);
		String orderId = Api.id("order");
		String customerId = Api.id("customer");
		String courierId = Api.id("courier");
		String owner = api.token(customerId, "customer");
		String support = api.token(Api.id("agent"), "support");
		Instant t0 = Instant.now().minusSeconds(60);
		api.created(orderId, customerId, Api.id("partner"), OrderEventsTests.DESTINATION, t0);
		api.event(orderId, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(1), courierId);
		api.event(orderId, DeliveryEventType.PICKED_UP, t0.plusSeconds(2), courierId);
		await().until(() -> api.get("/v1/orders/" + orderId + "/tracking", owner)
			.json()
			.path("status")
			.asString("")
			.equals("PICKED_UP"));
		// the courier reports 50 times a second, far from the destination
		this.fleet.scheduleAtFixedRate(() -> api.position(courierId, OrderEventsTests.DESTINATION.getLat() + 0.05,
				OrderEventsTests.DESTINATION.getLon(), Instant.now(), 5f), 0, 20, TimeUnit.MILLISECONDS);
		MeterRegistry meters = this.replica.getBean(MeterRegistry.class);

		try (SseTestClient healthy = SseTestClient.open(this.port, orderId, owner)) {
			await().until(() -> healthy.named("position").size() > 10);
			int aloneFrom = healthy.events.size();
			// the measure alone: 250 positions (5 s)
			await().atMost(Duration.ofSeconds(30)).until(() -> healthy.events.size() >= aloneFrom + 250);
			Figures alone = Figures.since(healthy.events, aloneFrom);

			double closedBefore = slowClosed(meters);
			int withStalledFrom = healthy.events.size();
			long stalledSince = System.nanoTime();
			List<Socket> stalled = new ArrayList<>();
			try {
				long connectionsBefore = connections();
				for (int i = 0; i < STALLED; i++) {
					stalled.add(SseTestClient.stalled(this.port, orderId, support));
				}
				await().until(() -> connections() >= connectionsBefore + STALLED);
				long withStalledConnections = connections();
				try {
					await().atMost(Duration.ofSeconds(90)).until(() -> slowClosed(meters) >= closedBefore + STALLED);
				}
				catch (ConditionTimeoutException ex) {
					throw new AssertionError("the stalled streams were not all closed and counted within 90 s ("
							+ (slowClosed(meters) - closedBefore) + " of " + STALLED
							+ "); the healthy stream meanwhile: " + Figures.since(healthy.events, withStalledFrom), ex);
				}
				long closedAfterMillis = (System.nanoTime() - stalledSince) / 1_000_000;
				int received = healthy.events.size();
				await().atMost(Duration.ofSeconds(5)).until(() -> healthy.events.size() > received + 10);
				Figures withStalled = Figures.since(healthy.events, withStalledFrom);
				System.out.printf(
						"R10 SSE: healthy stream alone: %s; with %d stalled streams (all closed and counted after %d ms): %s%n",
						alone, STALLED, closedAfterMillis, withStalled);

				assertThat(healthy.isEnded()).isFalse();
				assertThat(withStalled.maxGapMillis()).as("the healthy stream kept receiving next to the stalled ones")
					.isLessThan(2000);
				assertThat(withStalled.p99LatencyMillis()).isLessThan(2000);
				// the server closed them: its connections are back to the healthy ones
				// (the kernel still hands a closed connection's unsent bytes to a client
				// that reads again, then its end)
				await().atMost(Duration.ofSeconds(10)).until(() -> connections() <= withStalledConnections - STALLED);
			}
			finally {
				for (Socket socket : stalled) {
					socket.close();
				}
			}
		}
	}

	/** The replica's open HTTP connections, as Tomcat counts them. */
	private long connections() {
		TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) this.replica).getWebServer();
		return ((AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler()).getConnectionCount();
	}

	private static double slowClosed(MeterRegistry meters) {
		return meters.find("tracking.push.slow.closed")
			.tag("transport", "sse")
			.counters()
			.stream()
			.mapToDouble((c) -> c.count())
			.sum();
	}

	/**
	 * What the healthy client saw of positions: latency from the position's time to its
	 * arrival, and the longest time without one.
	 */
	record Figures(int positions, long p50LatencyMillis, long p99LatencyMillis, long maxLatencyMillis,
			long maxGapMillis) {

		/**
		 * The figures of the events from {@code from} on, of a snapshot: the client is
		 * still appending (a sub-list of the live list would fail as it grows).
		 */
		static Figures since(List<SseTestClient.Event> events, int from) {
			List<SseTestClient.Event> snapshot = List.copyOf(events);
			return of(snapshot.subList(from, snapshot.size()));
		}

		static Figures of(List<SseTestClient.Event> events) {
			List<Long> latencies = new ArrayList<>();
			long maxGap = 0;
			long previous = -1;
			for (SseTestClient.Event event : events) {
				if (!event.name().equals("position")) {
					continue;
				}
				Instant recordedAt = Instant
					.parse(JSON.readTree(event.data()).path("position").path("recordedAt").asString());
				latencies.add(event.receivedAtMillis() - recordedAt.toEpochMilli());
				if (previous >= 0) {
					maxGap = Math.max(maxGap, (event.receivedNanos() - previous) / 1_000_000);
				}
				previous = event.receivedNanos();
			}
			latencies.sort(null);
			if (latencies.isEmpty()) {
				return new Figures(0, -1, -1, -1, Long.MAX_VALUE);
			}
			return new Figures(latencies.size(), latencies.get(latencies.size() / 2),
					latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(latencies.size() * 0.99) - 1)),
					latencies.get(latencies.size() - 1), maxGap);
		}

		@Override
		public String toString() {
			return this.positions + " positions, latency p50 " + this.p50LatencyMillis + " ms, p99 "
					+ this.p99LatencyMillis + " ms, max " + this.maxLatencyMillis + " ms, longest gap "
					+ this.maxGapMillis + " ms";
		}

	}

}
