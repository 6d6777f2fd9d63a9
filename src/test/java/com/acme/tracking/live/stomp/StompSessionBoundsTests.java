package com.acme.tracking.live.stomp;

import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.access.AccessSettings;
import com.acme.tracking.access.ShareLinks;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.live.StompTestClient;
import com.acme.tracking.local.RawWebSocket;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.messaging.simp.stomp.StompSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bounds of a STOMP session (issue 14): subscription ids required and unique within
 * the session, at most {@code max-subscriptions-per-session}, nothing left behind by
 * UNSUBSCRIBE or close; a share-link session ends when the link expires; support's
 * subscriptions are audited; bad frames are counted, every one, and logged in a few WARN
 * lines without a stack.
 */
@TrackingIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class StompSessionBoundsTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	private static final Pattern MESSAGE_FRAME = Pattern.compile("(^|\0)MESSAGE\n");

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ShareLinks shareLinks;

	@Autowired
	AccessSettings access;

	Api api;

	URI ws;

	final String orderId = Api.id("order");

	final String customerId = Api.id("customer");

	final String courierId = Api.id("courier");

	final Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);

	String owner;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.ws = URI.create("ws://localhost:" + this.port + "/ws");
		this.api.created(this.orderId, this.customerId, Api.id("partner"), DESTINATION, this.t0);
		this.api.event(this.orderId, DeliveryEventType.COURIER_ASSIGNED, this.t0.plusSeconds(1), this.courierId);
		this.owner = this.api.token(this.customerId, "customer");
		await().until(() -> this.api.get("/v1/orders/" + this.orderId + "/tracking", this.owner)
			.json()
			.path("status")
			.asString("")
			.equals("COURIER_ASSIGNED"));
	}

	/**
	 * 200 SUBSCRIBEs under one id in one session: the first is served (its snapshot), the
	 * second gets an ERROR and the session ends; nothing is multiplied.
	 */
	@Test
	void aReusedSubscriptionIdGetsAnErrorAndTheOrderIsServedOnce() throws Exception {
		double refusedBefore = refused("subscription-id");
		String subscribe = "SUBSCRIBE\nid:0\ndestination:/topic/orders." + this.orderId + "\n\n\0";
		StringBuilder text = new StringBuilder();
		try (Socket socket = RawWebSocket.open(this.ws, 65536)) {
			socket.setSoTimeout(10_000);
			RawWebSocket.send(socket,
					"CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nAuthorization:Bearer " + this.owner
							+ "\n\n\0" + subscribe);
			assertThat(RawWebSocket.readUntil(socket, text, "\"snapshot\"")).as("the first is served").isZero();
			RawWebSocket.send(socket, subscribe.repeat(199));
			int close = RawWebSocket.readUntilClosed(socket, text);
			assertThat(close).isEqualTo(1002);
		}
		assertThat(count(MESSAGE_FRAME, text)).as("snapshots sent").isEqualTo(1);
		assertThat(text.toString()).contains("ERROR").contains("Subscription id '0' is already in use");
		assertThat(refused("subscription-id")).isGreaterThan(refusedBefore);
	}

	@Test
	void aSubscribeWithoutAnIdGetsAnErrorAndNoMessage() throws Exception {
		double refusedBefore = refused("subscription-id");
		StringBuilder text = new StringBuilder();
		try (Socket socket = RawWebSocket.open(this.ws, 65536)) {
			socket.setSoTimeout(10_000);
			RawWebSocket.send(socket,
					"CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nAuthorization:Bearer " + this.owner
							+ "\n\n\0" + "SUBSCRIBE\ndestination:/topic/orders." + this.orderId + "\n\n\0");
			RawWebSocket.readUntilClosed(socket, text);
		}
		assertThat(count(MESSAGE_FRAME, text)).isZero();
		assertThat(text.toString()).contains("ERROR").contains("SUBSCRIBE needs an 'id' header");
		assertThat(refused("subscription-id")).isEqualTo(refusedBefore + 1);
	}

	/**
	 * 50 subscriptions to one order in one session: each gets the order's messages; the
	 * ten unsubscribed get nothing more and free their places; the 51st live one is
	 * refused; after the close none is left.
	 */
	@Test
	void aSessionHoldsAtMostFiftySubscriptionsAndLeavesNoneBehind() throws Exception {
		double refusedBefore = refused("too-many-subscriptions");
		try (StompTestClient client = new StompTestClient().connect(this.port, this.owner)) {
			List<StompSession.Subscription> subscriptions = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				subscriptions.add(client.subscribe("/topic/orders." + this.orderId, "s" + i));
			}
			await().until(() -> client.ofType("snapshot").size() == 50);
			double held = subscriptionsGauge();
			for (int i = 0; i < 10; i++) {
				subscriptions.get(i).unsubscribe();
			}
			// in their place, ten new ones (frames of a session are handled in order)
			for (int i = 50; i < 60; i++) {
				client.subscribe("/topic/orders." + this.orderId, "s" + i);
			}
			await().until(() -> client.ofType("snapshot").size() == 60);

			this.api.event(this.orderId, DeliveryEventType.PICKED_UP, this.t0.plusSeconds(2), this.courierId);
			this.api.event(this.orderId, DeliveryEventType.DELIVERED, this.t0.plusSeconds(3), this.courierId);
			await().until(() -> statuses(client, "DELIVERED") == 50);
			// each subscription gets its messages in order: PICKED_UP came before
			assertThat(statuses(client, "PICKED_UP")).as("one per live subscription").isEqualTo(50);
			assertThat(client.errors).isEmpty();

			client.subscribe("/topic/orders." + this.orderId, "s60");
			await().until(() -> !client.errors.isEmpty());
			assertThat(client.errors.get(0)).contains("At most 50 subscriptions per session");
			assertThat(refused("too-many-subscriptions")).isEqualTo(refusedBefore + 1);
			// the ERROR ends the session, and its 50 subscriptions with it
			await().until(() -> subscriptionsGauge() <= held - 50);
		}
	}

	/**
	 * A share-link session ends when the link expires, as a JWT session does at its
	 * token's expiry; one opened with a fresh link stays.
	 */
	@Test
	void aShareLinkSessionIsClosedWhenTheLinkExpires() throws Exception {
		// a link issued so long ago that it has six seconds left
		String expiring = this.shareLinks.issue(this.orderId,
				Instant.now().minus(this.access.shareLinkMaxLifetime()).plusSeconds(6));
		String fresh = this.shareLinks.issue(this.orderId, Instant.now());
		try (StompTestClient closing = new StompTestClient().connect(this.port, expiring);
				StompTestClient staying = new StompTestClient().connect(this.port, fresh)) {
			closing.subscribe("/topic/orders." + this.orderId);
			staying.subscribe("/topic/orders." + this.orderId);
			await().atMost(StompTestClient.timeout()).until(() -> !closing.ofType("snapshot").isEmpty());
			assertThat(closing.connected()).isTrue();
			await().atMost(Duration.ofSeconds(20)).until(() -> !closing.connected());
			assertThat(staying.connected()).as("a session with a valid link stays").isTrue();
			assertThat(staying.ofType("snapshot")).hasSize(1);
		}
	}

	/**
	 * A share link shows its order until an hour after the order ended: a session opened
	 * with it ends then.
	 */
	@Test
	void aShareLinkSessionIsClosedAnHourAfterItsOrderEnded() throws Exception {
		String ended = Api.id("order");
		Instant endedAt = Instant.now()
			.minus(this.access.shareLinkAfterEnd())
			.plusSeconds(6)
			.truncatedTo(ChronoUnit.MILLIS);
		this.api.created(ended, this.customerId, Api.id("partner"), DESTINATION, endedAt.minusSeconds(600));
		this.api.event(ended, DeliveryEventType.COURIER_ASSIGNED, endedAt.minusSeconds(500), this.courierId);
		this.api.event(ended, DeliveryEventType.DELIVERED, endedAt, this.courierId);
		await().until(() -> this.api.get("/v1/orders/" + ended + "/tracking", this.owner)
			.json()
			.path("status")
			.asString("")
			.equals("DELIVERED"));
		try (StompTestClient closing = new StompTestClient().connect(this.port,
				this.shareLinks.issue(ended, Instant.now()))) {
			closing.subscribe("/topic/orders." + ended);
			await().atMost(StompTestClient.timeout()).until(() -> !closing.ofType("snapshot").isEmpty());
			assertThat(closing.connected()).isTrue();
			await().atMost(Duration.ofSeconds(20)).until(() -> !closing.connected());
		}
	}

	@Test
	void supportSubscriptionsAreAuditedLikeItsRestReads(CapturedOutput output) throws Exception {
		String agent = Api.id("agent");
		try (StompTestClient support = new StompTestClient().connect(this.port, this.api.token(agent, "support"));
				StompTestClient customer = new StompTestClient().connect(this.port, this.owner)) {
			support.subscribe("/topic/orders." + this.orderId);
			support.subscribe("/topic/couriers." + this.courierId);
			customer.subscribe("/topic/orders." + this.orderId);
			await().until(() -> !support.ofType("snapshot").isEmpty() && !customer.ofType("snapshot").isEmpty());
			await().until(() -> output.getAll()
				.contains("audit actor=" + agent + " role=support action=subscribe resource=courier:" + this.courierId
						+ " channel=stomp"));
			assertThat(output.getAll()).contains("audit actor=" + agent
					+ " role=support action=subscribe resource=order:" + this.orderId + " channel=stomp");
			assertThat(output.getAll()).doesNotContain("audit actor=" + this.customerId);
		}
	}

	/**
	 * 30 bad frames (unparsable, a header without a colon, over the size limit), each
	 * answered with an ERROR and a close: every one is counted, and the log gets at most
	 * one WARN line per five seconds, none with a stack trace.
	 */
	@Test
	void badFramesAreCountedEveryOneAndLoggedInAFewLinesWithoutAStack() throws Exception {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		ListAppender<ILoggingEvent> logged = new ListAppender<>();
		logged.start();
		root.addAppender(logged);
		double before = refused("protocol-error");
		long start = System.nanoTime();
		try {
			for (int i = 0; i < 30; i++) {
				String frame = switch (i % 3) {
					case 0 -> "HELLO\n\n\0";
					case 1 -> "CONNECT\naccept-version:1.2\nno-colon-here\n\n\0";
					default -> "SEND\ndestination:/topic/x\n\n" + "x".repeat(200_000) + "\0";
				};
				try (Socket socket = RawWebSocket.open(this.ws, 65536)) {
					socket.setSoTimeout(10_000);
					RawWebSocket.send(socket, frame);
					StringBuilder text = new StringBuilder();
					assertThat(RawWebSocket.readUntilClosed(socket, text)).isEqualTo(1002);
					assertThat(text.toString()).startsWith("ERROR");
				}
			}
			await().until(() -> refused("protocol-error") >= before + 30);
			assertThat(refused("protocol-error")).as("every bad frame counted once").isEqualTo(before + 30);
		}
		finally {
			root.detachAppender(logged);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		List<ILoggingEvent> lines = logged.list.stream()
			.filter((event) -> event.getLoggerName().startsWith("org.springframework.web.socket")
					|| event.getLoggerName().startsWith("com.acme.tracking.live"))
			.toList();
		System.out.printf("30 bad frames in %.1f s: %d log lines%n", seconds, lines.size());
		// (none at all when another test wrote the kind's line within the interval)
		assertThat(lines).allSatisfy((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
			assertThat(event.getFormattedMessage()).contains("protocol-error");
		});
		assertThat(lines).hasSizeLessThanOrEqualTo(1 + (int) (seconds / StompErrors.LOG_INTERVAL_SECONDS));
	}

	private static int statuses(StompTestClient client, String status) {
		return (int) client.ofType("status")
			.stream()
			.filter((m) -> status.equals(m.path("status").asString("")))
			.count();
	}

	private static int count(Pattern pattern, CharSequence text) {
		Matcher matcher = pattern.matcher(text);
		int n = 0;
		while (matcher.find()) {
			n++;
		}
		return n;
	}

	private double subscriptionsGauge() {
		return this.meters.get("tracking.push.subscriptions").gauge().value();
	}

	private double refused(String reason) {
		return this.meters.find("tracking.push.refused")
			.tag("reason", reason)
			.counters()
			.stream()
			.mapToDouble((c) -> c.count())
			.sum();
	}

}
