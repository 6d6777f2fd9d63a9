package com.acme.tracking.live.stomp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.acme.tracking.MutableClock;
import com.acme.tracking.access.AccessSettings;
import com.acme.tracking.access.AuditLog;
import com.acme.tracking.access.ShareLinks;
import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.CourierSettings;
import com.acme.tracking.delivery.DeliveryEventReceived;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.DeliveryStatus;
import com.acme.tracking.delivery.Eta;
import com.acme.tracking.delivery.EtaModel;
import com.acme.tracking.delivery.EtaModels;
import com.acme.tracking.delivery.OrderTracking;
import com.acme.tracking.delivery.TrackingSettings;
import com.acme.tracking.live.LiveSettings;
import com.acme.tracking.live.push.LivePush;
import com.acme.tracking.shared.GeoPoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Who may connect and subscribe over STOMP, frame by frame as Spring's inbound channel
 * hands them over, against the real hot state and push (no broker, no web server): a
 * SUBSCRIBE to an order the caller may not see is refused exactly as one to an order that
 * does not exist, and a CONNECT without a valid token is refused.
 */
class StompAuthorizationTests {

	static final GeoPoint DESTINATION = new GeoPoint(52.52, 13.405);

	static final String SECRET = "stomp-authorization-tests-share-link-secret-0123";

	final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

	/** Tokens the JWT decoder accepts: {@code jwt:<sub>:<role>[:<partner id>]}. */
	final JwtDecoder jwts = (token) -> {
		String[] parts = token.split(":");
		if (parts.length < 3 || !parts[0].equals("jwt")) {
			throw new BadJwtException("invalid signature");
		}
		Jwt.Builder jwt = Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject(parts[1])
			.claim("roles", List.of(parts[2]))
			.issuedAt(this.clock.instant())
			.expiresAt(this.clock.instant().plusSeconds(3600));
		if (parts.length > 3) {
			jwt.claim("partner_id", parts[3]);
		}
		return jwt.build();
	};

	final ExecutorSubscribableChannel outboundChannel = new ExecutorSubscribableChannel();

	/** What went out to the sessions on the outbound channel. */
	final List<Message<?>> outbound = new CopyOnWriteArrayList<>();

	final Map<String, Map<String, Object>> attributes = new ConcurrentHashMap<>();

	final MessageChannel inbound = (message, timeout) -> true;

	AnnotationConfigApplicationContext context;

	StompAuthorization authorization;

	DeliveryStates deliveries;

	ShareLinks shareLinks;

	MeterRegistry meters;

	int events;

	@BeforeEach
	void start() {
		this.context = new AnnotationConfigApplicationContext();
		this.context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("tracking.access.share-link-secret", SECRET)));
		this.context.registerBean(Clock.class, () -> this.clock);
		this.context.registerBean(JwtDecoder.class, () -> this.jwts);
		this.context.registerBean(MeterRegistry.class, SimpleMeterRegistry::new);
		this.context.registerBean(JsonMapper.class, () -> JsonMapper.builder().build());
		this.context.registerBean("clientOutboundChannel", MessageChannel.class, () -> this.outboundChannel);
		this.context.registerBean(EtaModels.class,
				() -> new EtaModels(EtaModel.fallback(1.3, 5, Instant.parse("2026-11-25T12:00:00Z"))));
		this.context.register(Settings.class, Push.class);
		for (Class<?> bean : List.of(CourierPositions.class, DeliveryStates.class, Eta.class, OrderTracking.class,
				ShareLinks.class, AuditLog.class, StompSessions.class, StompRefusals.class, SessionTimers.class,
				StompOutbound.class, StompCredentials.class, StompAuthorization.class)) {
			this.context.registerBean(bean);
		}
		this.context.refresh();
		this.authorization = this.context.getBean(StompAuthorization.class);
		this.deliveries = this.context.getBean(DeliveryStates.class);
		this.shareLinks = this.context.getBean(ShareLinks.class);
		this.meters = this.context.getBean(MeterRegistry.class);
		// the outbound channel as Spring's broker configuration sets it up
		this.outboundChannel.subscribe(this.outbound::add);
		this.outboundChannel.addInterceptor(this.context.getBean(StompOutbound.class));
		OrderedMessageChannelDecorator.configureInterceptor(this.outboundChannel, true);
		order("o1", "c1", "p1", "k1");
	}

	@AfterEach
	void stop() {
		this.context.close();
	}

	@Test
	void aSubscribeToAnOrderTheCallerMayNotSeeIsRefusedExactlyAsOneToAMissingOrder() {
		order("o2", "c2", "p2", "k2");
		Map<String, String> callers = Map.of("another customer", "Bearer jwt:c2:customer", "another partner",
				"Bearer jwt:partner-2:partner:p2", "the owner's id without a role", "Bearer jwt:c1:none",
				"a share link to another order", "Bearer " + this.shareLinks.issue("o2", this.clock.instant()));
		callers.forEach((who, authorization) -> {
			String session = open();
			connect(session, authorization);
			assertRefusedAsMissing(who, session, "o1");
		});
		// the order is there: its owner is served
		String owner = open();
		connect(owner, "Bearer jwt:c1:customer");
		subscribe(owner, "s1", "/topic/orders.o1");
		assertThat(pushesTo(owner)).singleElement().asString().contains("\"type\":\"snapshot\"");
	}

	@Test
	void aShareLinkThatExpiredSinceTheConnectGetsItsOrderRefusedAsAMissingOne() {
		// an order that ended 30 minutes ago: the link shows it 30 more
		order("o2", "c2", "p2", "k2");
		event("o2", DeliveryStatus.DELIVERED, this.clock.instant().minusSeconds(1800), "k2");
		String session = open();
		connect(session, "Bearer " + this.shareLinks.issue("o2", this.clock.instant().minusSeconds(3600)));
		subscribe(session, "s0", "/topic/orders.o2");
		assertThat(pushesTo(session)).as("shown while the link is valid").hasSize(1);
		this.clock.advance(Duration.ofHours(1));
		assertRefusedAsMissing("an expired link", session, "o2");
	}

	@Test
	void aCourierSubscriptionOfACallerWhoIsNotSupportIsRefusedAsOneToAMissingCourier() {
		String owner = open();
		connect(owner, "Bearer jwt:c1:customer");
		Throwable hidden = catchThrowable(() -> subscribe(owner, "s1", "/topic/couriers.k1"));
		Throwable missing = catchThrowable(() -> subscribe(owner, "s2", "/topic/couriers.k404"));
		assertThat(hidden).isInstanceOf(MessageDeliveryException.class).hasMessage("No courier k1");
		assertThat(missing).isExactlyInstanceOf(hidden.getClass()).hasMessage("No courier k404");
		String support = open();
		connect(support, "Bearer jwt:agent-1:support");
		subscribe(support, "s1", "/topic/couriers.k1");
	}

	@Test
	void aConnectWithoutAValidTokenIsRefused() {
		List<@Nullable String> refusedTokens = Arrays.asList(null, "Basic YWdlbnQ6cGFzc3dvcmQ=", "Bearer ",
				"Bearer forged:c1:customer", "Bearer v2.k1.bzE.1795600000.forged-signature",
				"Bearer " + expiredShareLink("o3"));
		for (String authorization : refusedTokens) {
			String session = open();
			double refusedBefore = refused("connect");
			Message<?> connect = frame(StompCommand.CONNECT, session, (stomp) -> {
				if (authorization != null) {
					stomp.setNativeHeader("Authorization", authorization);
				}
			});
			Throwable refusal = catchThrowable(() -> this.authorization.preSend(connect, this.inbound));
			assertThat(refusal).as(authorization)
				.isInstanceOf(MessageDeliveryException.class)
				.hasMessageStartingWith("Unauthorized");
			assertThat(StompHeaderAccessor.getUser(connect.getHeaders())).as(authorization).isNull();
			assertThat(refused("connect")).as(authorization).isEqualTo(refusedBefore + 1);
		}
		String session = open();
		connect(session, "Bearer jwt:c1:customer");
		assertThat(refused("connect")).as("a valid token").isEqualTo(refusedTokens.size());
	}

	/**
	 * Subscribes to the order and to one that does not exist: both are refused alike,
	 * counted alike, and nothing is sent.
	 */
	private void assertRefusedAsMissing(String who, String session, String orderId) {
		double refusedBefore = refused("subscribe");
		int pushedBefore = pushesTo(session).size();
		Throwable hidden = catchThrowable(() -> subscribe(session, "s1", "/topic/orders." + orderId));
		Throwable missing = catchThrowable(() -> subscribe(session, "s2", "/topic/orders.o404"));
		assertThat(hidden).as(who).isInstanceOf(MessageDeliveryException.class).hasMessage("No order " + orderId);
		assertThat(missing).as(who)
			.isExactlyInstanceOf(hidden.getClass())
			.hasMessage(hidden.getMessage().replace(orderId, "o404"));
		assertThat(refused("subscribe")).as(who).isEqualTo(refusedBefore + 2);
		assertThat(pushesTo(session)).as(who).hasSize(pushedBefore);
	}

	/** A share link to an order that ended two hours ago. */
	private String expiredShareLink(String orderId) {
		order(orderId, "c3", "p3", "k3");
		event(orderId, DeliveryStatus.DELIVERED, this.clock.instant().minusSeconds(7200), "k3");
		return this.shareLinks.issue(orderId, this.clock.instant().minusSeconds(9000));
	}

	private void order(String orderId, String customerId, String partnerId, String courierId) {
		Instant created = this.clock.instant().minusSeconds(10_000);
		this.deliveries.apply(new DeliveryEventReceived("e" + (++this.events), orderId, DeliveryStatus.CREATED, created,
				customerId, partnerId, DESTINATION, null, null));
		event(orderId, DeliveryStatus.COURIER_ASSIGNED, created.plusSeconds(60), courierId);
	}

	private void event(String orderId, DeliveryStatus type, Instant at, String courierId) {
		this.deliveries.apply(
				new DeliveryEventReceived("e" + (++this.events), orderId, type, at, null, null, null, courierId, null));
	}

	/** A WebSocket session opens, as Spring's STOMP handler sees it. */
	private String open() {
		FakeConnection connection = new FakeConnection();
		try {
			new SessionDecorator(new AbstractWebSocketHandler() {
			}, this.context.getBean(StompSessions.class), this.context.getBean(StompOutbound.class),
					this.context.getBean(SessionTimers.class), this.context.getBean(StompRefusals.class),
					this.context.getBean(LiveSettings.class))
				.afterConnectionEstablished(connection.session);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return connection.session.getId();
	}

	/** A CONNECT that is let through, and the broker's CONNECTED written. */
	private void connect(String session, String authorization) {
		this.authorization.preSend(
				frame(StompCommand.CONNECT, session, (stomp) -> stomp.setNativeHeader("Authorization", authorization)),
				this.inbound);
		SimpMessageHeaderAccessor connected = SimpMessageHeaderAccessor.create(SimpMessageType.CONNECT_ACK);
		connected.setSessionId(session);
		this.outboundChannel.send(MessageBuilder.createMessage(new byte[0], connected.getMessageHeaders()));
	}

	private void subscribe(String session, String id, String destination) {
		this.authorization.preSend(frame(StompCommand.SUBSCRIBE, session, (stomp) -> {
			stomp.setSubscriptionId(id);
			stomp.setDestination(destination);
		}), this.inbound);
	}

	private Message<?> frame(StompCommand command, String session, Consumer<StompHeaderAccessor> headers) {
		StompHeaderAccessor stomp = StompHeaderAccessor.create(command);
		stomp.setSessionId(session);
		stomp.setSessionAttributes(this.attributes.computeIfAbsent(session, (id) -> new ConcurrentHashMap<>()));
		headers.accept(stomp);
		stomp.setLeaveMutable(true);
		return MessageBuilder.createMessage(new byte[0], stomp.getMessageHeaders());
	}

	private List<String> pushesTo(String session) {
		return this.outbound.stream()
			.filter((message) -> message.getHeaders().containsKey(StompOutbound.PUSH_HEADER))
			.filter((message) -> session.equals(SimpMessageHeaderAccessor.getSessionId(message.getHeaders())))
			.map((message) -> new String((byte[]) message.getPayload()))
			.toList();
	}

	private double refused(String reason) {
		return this.meters.get("tracking.push.refused").tag("reason", reason).counter().count();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ LiveSettings.class, TrackingSettings.class, CourierSettings.class,
			AccessSettings.class })
	static class Settings {

	}

	/**
	 * The push, as the application has it: the index, conflation, resume buffer, caps.
	 */
	@Configuration(proxyBeanMethods = false)
	@ComponentScan(basePackageClasses = LivePush.class)
	static class Push {

	}

}
