package com.acme.tracking.live.push;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.access.Caller;
import com.acme.tracking.access.ShareLinks;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.live.LiveSettings;
import com.acme.tracking.live.SseTestClient;
import com.acme.tracking.live.StompTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Concurrent SSE streams and STOMP sessions per caller are capped (issue 14, item 4): 10
 * for a customer by default, together over both channels; past it a 429 problem (SSE) or
 * an ERROR frame on CONNECT (STOMP); closing one frees a slot.
 */
@TrackingIntegrationTest
class StreamCapsTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	LiveSettings settings;

	Api api;

	String orderId;

	String customerId;

	String owner;

	@BeforeEach
	void anOrder() {
		this.api = new Api(this.port, this.kafka);
		this.orderId = Api.id("order");
		this.customerId = Api.id("customer");
		this.owner = this.api.token(this.customerId, "customer");
		this.api.created(this.orderId, this.customerId, Api.id("partner"), DESTINATION, Instant.now());
		await().until(() -> this.api.get("/v1/orders/" + this.orderId + "/tracking", this.owner).status() == 200);
	}

	@Test
	void theEleventhStreamOfACustomerIsA429ProblemAndClosingOneFreesASlot() throws Exception {
		List<SseTestClient> streams = new ArrayList<>();
		try {
			for (int i = 0; i < 10; i++) {
				streams.add(openStream(this.owner));
			}
			SseTestClient eleventh = SseTestClient.open(this.port, this.orderId, this.owner);
			assertThat(eleventh.status()).isEqualTo(429);
			assertThat(eleventh.header("Content-Type")).startsWith("application/problem+json");
			assertThat(eleventh.header("Retry-After")).isNotNull();
			await().until(eleventh::isEnded);
			assertThat(eleventh.body.toString()).contains("\"status\":429").contains("streams and sessions");
			assertThat(streams).allMatch((stream) -> !stream.isEnded());

			streams.remove(0).close();
			long closedAt = System.nanoTime();
			SseTestClient again = awaitOpen(this.owner);
			System.out.println("SSE cap: a slot was free again " + (System.nanoTime() - closedAt) / 1_000_000
					+ " ms after a stream was closed by its client");
			streams.add(again);
			assertThat(again.named("snapshot")).hasSize(1);
		}
		finally {
			for (SseTestClient stream : streams) {
				stream.close();
			}
		}
	}

	@Test
	void stompSessionsAndSseStreamsCountTogether() throws Exception {
		List<AutoCloseable> open = new ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				open.add(openStream(this.owner));
				StompTestClient session = new StompTestClient().connect(this.port, this.owner);
				open.add(session);
			}
			StompTestClient eleventh = new StompTestClient();
			assertThat(catchThrowable(() -> eleventh.connect(this.port, this.owner)))
				.as("the 11th CONNECT of the caller gets an ERROR frame")
				.isNotNull();
			assertThat(SseTestClient.open(this.port, this.orderId, this.owner).status()).isEqualTo(429);

			// a STOMP session that ends gives its slot back
			((StompTestClient) open.remove(1)).close();
			open.add(awaitOpen(this.owner));
			assertThat(SseTestClient.open(this.port, this.orderId, this.owner).status()).isEqualTo(429);

			// another customer is not affected
			String other = this.api.token(Api.id("customer"), "customer");
			try (StompTestClient theirs = new StompTestClient().connect(this.port, other)) {
				assertThat(theirs.connected()).isTrue();
			}
		}
		finally {
			for (AutoCloseable closeable : open) {
				closeable.close();
			}
		}
	}

	@Test
	void partnersAndSupportHoldAThousandAndEachShareLinkIsItsOwnCaller() {
		StreamCaps caps = new StreamCaps(this.settings, new SimpleMeterRegistry());
		Caller partner = new Caller(Api.id("partner-user"), Set.of(Caller.Role.PARTNER), "partner-1", null);
		Caller support = new Caller(Api.id("agent"), Set.of(Caller.Role.SUPPORT), null, null);
		for (Caller caller : List.of(partner, support)) {
			for (int i = 0; i < 1000; i++) {
				assertThat(caps.acquire(caller.id() + "-" + i, caller, null)).isTrue();
			}
			assertThat(caps.acquire(caller.id() + "-1000", caller, null)).as(caller.id() + "'s 1,001st").isFalse();
		}

		ShareLinks.SharedOrder link = new ShareLinks.SharedOrder("order-1", Instant.parse("2026-01-01T00:00:00Z"));
		ShareLinks.SharedOrder another = new ShareLinks.SharedOrder("order-1", Instant.parse("2026-01-01T00:01:00Z"));
		Caller holder = Caller.shareLink("order-1");
		for (int i = 0; i < 10; i++) {
			assertThat(caps.acquire("link-" + i, holder, link)).isTrue();
		}
		assertThat(caps.acquire("link-10", holder, link)).isFalse();
		assertThat(caps.acquire("another-link", holder, another)).as("another link to the same order").isTrue();
		assertThat(caps.acquire("link-0", holder, link)).as("the same session again takes no new slot").isTrue();
		caps.release("link-3");
		caps.release("link-3");
		assertThat(caps.openFor(holder, link)).isEqualTo(9);
		assertThat(caps.acquire("link-11", holder, link)).isTrue();
		assertThat(caps.acquire("link-12", holder, link)).isFalse();
	}

	private SseTestClient openStream(String token) throws Exception {
		SseTestClient stream = SseTestClient.open(this.port, this.orderId, token);
		assertThat(stream.status()).isEqualTo(200);
		await().until(() -> !stream.named("snapshot").isEmpty());
		return stream;
	}

	/** Opens a stream once the server has seen a closed one go (its next write fails). */
	private SseTestClient awaitOpen(String token) {
		List<SseTestClient> refused = new ArrayList<>();
		SseTestClient[] opened = new SseTestClient[1];
		await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
			SseTestClient stream = SseTestClient.open(this.port, this.orderId, token);
			if (stream.status() == 200) {
				opened[0] = stream;
				return true;
			}
			refused.add(stream);
			return false;
		});
		await().until(() -> !opened[0].named("snapshot").isEmpty());
		return opened[0];
	}

}
