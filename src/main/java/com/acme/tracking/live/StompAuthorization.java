package com.acme.tracking.live;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import com.acme.tracking.access.AuditLog;
import com.acme.tracking.access.Caller;
import com.acme.tracking.access.Callers;
import com.acme.tracking.access.ShareLinks;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.live.push.LivePush;
import com.acme.tracking.live.push.StreamCaps;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * Who may do what over STOMP. {@code CONNECT} must carry {@code Authorization: Bearer}
 * with a JWT (checked by the same {@link JwtDecoder} as REST) or a share-link token.
 * {@code SUBSCRIBE /topic/orders.{orderId}} needs an order the caller may see, and
 * {@code /topic/couriers.{courierId}} the support role; anything else gets an ERROR frame
 * and no message (the order's existence is not revealed). A subscription id is required
 * and unique within its session, and a session holds at most
 * {@code max-subscriptions-per-session} ({@link StompSessions}). Clients may not SEND. A
 * session ends when the JWT or share link it was opened with expires. Support's
 * subscriptions are audited, as its REST reads are.
 *
 * <p>
 * We authorize here instead of with {@code @EnableWebSocketSecurity}: its CSRF check on
 * CONNECT cannot be switched off, and our clients are apps and partners sending a bearer
 * token, not browsers holding a session cookie (see PITFALLS.md). This interceptor is the
 * only one on the inbound channel and runs before the broker sees a frame.
 */
@Component
class StompAuthorization implements ChannelInterceptor {

	static final String ORDER_TOPIC = "/topic/orders.";

	static final String COURIER_TOPIC = "/topic/couriers.";

	private static final String CALLER = "tracking.caller";

	private static final String SHARED = "tracking.shared-order";

	/** When the session's JWT expires: the session is closed then. */
	private static final String EXPIRES = "tracking.expires";

	private final JwtDecoder jwts;

	private final ShareLinks shareLinks;

	private final DeliveryStates deliveries;

	private final LivePush push;

	private final StompSessions sessions;

	private final AuditLog audit;

	private final Clock clock;

	private final StreamCaps caps;

	StompAuthorization(JwtDecoder jwts, ShareLinks shareLinks, DeliveryStates deliveries, LivePush push,
			StompSessions sessions, AuditLog audit, Clock clock, StreamCaps caps) {
		this.caps = caps;
		this.jwts = jwts;
		this.shareLinks = shareLinks;
		this.deliveries = deliveries;
		this.push = push;
		this.sessions = sessions;
		this.audit = audit;
		this.clock = clock;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (stomp == null || stomp.getCommand() == null) {
			return message;
		}
		try {
			return authorize(message, stomp);
		}
		catch (MessageDeliveryException ex) {
			this.sessions.refused((ex instanceof SessionSubscriptions.Refused refused) ? refused.reason()
					: stomp.getCommand().name().toLowerCase(java.util.Locale.ROOT).replace("stomp", "connect"));
			throw ex;
		}
	}

	private Message<?> authorize(Message<?> message, StompHeaderAccessor stomp) {
		String sessionId = stomp.getSessionId();
		switch (stomp.getCommand()) {
			case CONNECT, STOMP -> {
				Caller caller = authenticate(stomp.getFirstNativeHeader("Authorization"), attributes(stomp));
				// caps per caller (StreamCaps): one slot per session, given back when it
				// ends
				if (sessionId != null && !this.caps.acquire(sessionId, caller,
						(attributes(stomp).get(SHARED) instanceof ShareLinks.SharedOrder link) ? link : null)) {
					throw new MessageDeliveryException("Too many open sessions and streams for this caller");
				}
				attributes(stomp).put(CALLER, caller);
				stomp.setUser(new CallerPrincipal(caller));
				closeWhenCredentialsExpire(sessionId, attributes(stomp));
			}
			case SUBSCRIBE -> {
				this.sessions.awaitConnected(sessionId);
				Caller caller = caller(stomp);
				this.sessions.subscribe(sessionId, stomp.getSubscriptionId(),
						(key) -> subscribe(stomp, key, sessionId, caller));
			}
			case UNSUBSCRIBE -> this.sessions.unsubscribe(sessionId, stomp.getSubscriptionId());
			case DISCONNECT -> this.sessions.unsubscribeAll(sessionId);
			case SEND -> {
				this.sessions.awaitConnected(sessionId);
				throw new MessageDeliveryException("Clients may not send messages");
			}
			default -> {
			}
		}
		return message;
	}

	/**
	 * Closes the session when the JWT or the share link it was opened with expires. A
	 * share link's expiry comes nearer when its order ends, and it expires at once when
	 * the order is no longer known.
	 */
	private void closeWhenCredentialsExpire(@Nullable String sessionId, Map<String, Object> attributes) {
		if (sessionId == null) {
			return;
		}
		if (attributes.get(EXPIRES) instanceof Instant expires) {
			this.sessions.closeAt(sessionId, expires);
		}
		if (attributes.get(SHARED) instanceof ShareLinks.SharedOrder link) {
			this.sessions.closeWhenExpired(sessionId,
					() -> this.deliveries.find(link.orderId())
						.map((delivery) -> this.shareLinks.expiresAt(link.issuedAt(), delivery.endedAt()))
						.orElse(Instant.EPOCH),
					"share link expired");
		}
	}

	private void subscribe(StompHeaderAccessor stomp, String key, @Nullable String sessionId, Caller caller) {
		String destination = String.valueOf(stomp.getDestination());
		if (destination.startsWith(ORDER_TOPIC)) {
			String orderId = destination.substring(ORDER_TOPIC.length());
			if (!sharedLinkStillValid(attributes(stomp).get(SHARED))
					|| !this.push.subscribeOrder(key, orderId, caller, this.sessions.sink(String.valueOf(sessionId),
							String.valueOf(stomp.getSubscriptionId()), destination), -1)) {
				throw new MessageDeliveryException("No order " + orderId);
			}
			this.audit.supportRead(caller, "subscribe", "order:" + orderId, "stomp");
		}
		else if (destination.startsWith(COURIER_TOPIC) && caller.isSupport()) {
			String courierId = destination.substring(COURIER_TOPIC.length());
			this.push.subscribeCourier(key, courierId, this.sessions.sink(String.valueOf(sessionId),
					String.valueOf(stomp.getSubscriptionId()), destination));
			this.audit.supportRead(caller, "subscribe", "courier:" + courierId, "stomp");
		}
		else if (destination.startsWith(COURIER_TOPIC)) {
			throw new MessageDeliveryException("No courier " + destination.substring(COURIER_TOPIC.length()));
		}
		else {
			throw new MessageDeliveryException("Unknown destination " + destination);
		}
	}

	private Caller authenticate(@Nullable String authorization, Map<String, Object> attributes) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			throw new MessageDeliveryException("Unauthorized: CONNECT needs Authorization: Bearer <token>");
		}
		String token = authorization.substring(7).trim();
		ShareLinks.SharedOrder shared = this.shareLinks.verify(token).orElse(null);
		if (shared != null) {
			if (!sharedLinkStillValid(shared)) {
				throw new MessageDeliveryException("Unauthorized: the link has expired");
			}
			attributes.put(SHARED, shared);
			return Caller.shareLink(shared.orderId());
		}
		try {
			Jwt jwt = this.jwts.decode(token);
			if (jwt.getExpiresAt() != null) {
				attributes.put(EXPIRES, jwt.getExpiresAt());
			}
			return Callers.fromJwt(jwt);
		}
		catch (JwtException ex) {
			throw new MessageDeliveryException("Unauthorized: invalid token");
		}
	}

	/** Whether a share link (if this session has one) still shows its order. */
	private boolean sharedLinkStillValid(@Nullable Object shared) {
		if (!(shared instanceof ShareLinks.SharedOrder link)) {
			return true;
		}
		return this.deliveries.find(link.orderId())
			.map((delivery) -> this.shareLinks.shows(link.issuedAt(), delivery.endedAt(), this.clock.instant()))
			.orElse(false);
	}

	private static Caller caller(StompHeaderAccessor stomp) {
		Object caller = attributes(stomp).get(CALLER);
		if (caller instanceof Caller known) {
			return known;
		}
		throw new MessageDeliveryException("Unauthorized: CONNECT first");
	}

	private static Map<String, Object> attributes(StompHeaderAccessor stomp) {
		Map<String, Object> attributes = stomp.getSessionAttributes();
		if (attributes == null) {
			throw new MessageDeliveryException("No session");
		}
		return attributes;
	}

	/** The STOMP session's user. */
	record CallerPrincipal(Caller caller) implements Principal {

		@Override
		public String getName() {
			return this.caller.id();
		}

	}

}
