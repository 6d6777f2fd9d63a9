package com.acme.tracking.live.stomp;

import java.security.Principal;
import java.util.Locale;
import java.util.Map;

import com.acme.tracking.access.AuditLog;
import com.acme.tracking.access.Caller;
import com.acme.tracking.live.push.LivePush;
import com.acme.tracking.live.push.StreamCaps;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Who may do what over STOMP. {@code CONNECT} needs valid credentials
 * ({@link StompCredentials}) and a free slot among the caller's streams and sessions
 * ({@link StreamCaps}). {@code SUBSCRIBE /topic/orders.{orderId}} needs an order the
 * caller may see, and {@code /topic/couriers.{courierId}} the support role; anything else
 * gets an ERROR frame and no message (the order's existence is not revealed). A
 * subscription id is required and unique within its session, and a session holds at most
 * {@code max-subscriptions-per-session} ({@link StompSessions}). Clients may not SEND. A
 * session ends when the JWT or share link it was opened with expires. Support's
 * subscriptions are audited, as its REST reads are. Every refusal is counted
 * ({@link StompRefusals}).
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

	private final StompCredentials credentials;

	private final LivePush push;

	private final StompSessions sessions;

	private final StompOutbound outbound;

	private final StompRefusals refusals;

	private final StreamCaps caps;

	private final AuditLog audit;

	StompAuthorization(StompCredentials credentials, LivePush push, StompSessions sessions, StompOutbound outbound,
			StompRefusals refusals, StreamCaps caps, AuditLog audit) {
		this.credentials = credentials;
		this.push = push;
		this.sessions = sessions;
		this.outbound = outbound;
		this.refusals = refusals;
		this.caps = caps;
		this.audit = audit;
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
			this.refusals.count((ex instanceof SessionSubscriptions.Refused refused) ? refused.reason()
					: stomp.getCommand().name().toLowerCase(Locale.ROOT).replace("stomp", "connect"));
			throw ex;
		}
	}

	private Message<?> authorize(Message<?> message, StompHeaderAccessor stomp) {
		String sessionId = stomp.getSessionId();
		switch (stomp.getCommand()) {
			case CONNECT, STOMP -> {
				Map<String, Object> attributes = attributes(stomp);
				Caller caller = this.credentials.authenticate(stomp.getFirstNativeHeader("Authorization"), attributes);
				// one slot per session, given back when it ends
				if (sessionId != null
						&& !this.caps.acquire(sessionId, caller, StompCredentials.sharedOrder(attributes))) {
					throw new MessageDeliveryException("Too many open sessions and streams for this caller");
				}
				attributes.put(CALLER, caller);
				stomp.setUser(new CallerPrincipal(caller));
				this.credentials.closeWhenExpired(sessionId, attributes);
			}
			case SUBSCRIBE -> {
				this.sessions.awaitConnected(sessionId);
				Caller caller = caller(stomp);
				this.sessions.subscribe(sessionId, stomp.getSubscriptionId(),
						(key) -> subscribe(stomp, key, String.valueOf(sessionId), caller));
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

	private void subscribe(StompHeaderAccessor stomp, String key, String sessionId, Caller caller) {
		String destination = String.valueOf(stomp.getDestination());
		String subscriptionId = String.valueOf(stomp.getSubscriptionId());
		if (destination.startsWith(ORDER_TOPIC)) {
			String orderId = destination.substring(ORDER_TOPIC.length());
			if (!this.credentials.stillValid(attributes(stomp)) || !this.push.subscribeOrder(key, orderId, caller,
					this.outbound.sink(sessionId, subscriptionId, destination), -1)) {
				throw new MessageDeliveryException("No order " + orderId);
			}
			this.audit.supportRead(caller, "subscribe", "order:" + orderId, "stomp");
		}
		else if (destination.startsWith(COURIER_TOPIC) && caller.isSupport()) {
			String courierId = destination.substring(COURIER_TOPIC.length());
			this.push.subscribeCourier(key, courierId, this.outbound.sink(sessionId, subscriptionId, destination));
			this.audit.supportRead(caller, "subscribe", "courier:" + courierId, "stomp");
		}
		else if (destination.startsWith(COURIER_TOPIC)) {
			throw new MessageDeliveryException("No courier " + destination.substring(COURIER_TOPIC.length()));
		}
		else {
			throw new MessageDeliveryException("Unknown destination " + destination);
		}
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
