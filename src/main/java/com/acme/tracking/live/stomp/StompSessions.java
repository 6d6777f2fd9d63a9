package com.acme.tracking.live.stomp;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.acme.tracking.live.push.LivePush;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * This replica's open STOMP sessions, by id ({@link OpenSession}), and the subscriptions
 * of each. Each session keeps the index of its own subscriptions
 * ({@link SessionSubscriptions}): ids unique, at most
 * {@code max-subscriptions-per-session}, and a close that costs only them. Sessions are
 * added and removed by the {@link SessionDecorator}; what is sent to them goes through
 * {@link StompOutbound}.
 */
@Component
class StompSessions {

	private final Map<String, OpenSession> open = new ConcurrentHashMap<>();

	/**
	 * The session whose inbound message this thread is handing to Spring's STOMP handler:
	 * it decodes and refuses a bad frame synchronously, within that call.
	 */
	private final ThreadLocal<@Nullable OpenSession> inbound = new ThreadLocal<>();

	private final LivePush push;

	StompSessions(LivePush push, MeterRegistry meters) {
		this.push = push;
		Gauge.builder("tracking.push.sessions", this.open, Map::size)
			.description("Open client connections")
			.tag("transport", "websocket")
			.register(meters);
	}

	void add(OpenSession session) {
		this.open.put(session.id(), session);
	}

	/** Removes a session that closed, and its subscriptions. */
	@Nullable OpenSession remove(String sessionId) {
		OpenSession session = this.open.remove(sessionId);
		if (session != null) {
			unsubscribeAll(session);
		}
		return session;
	}

	@Nullable OpenSession get(@Nullable String sessionId) {
		return (sessionId != null) ? this.open.get(sessionId) : null;
	}

	boolean isOpen(String sessionId) {
		return this.open.containsKey(sessionId);
	}

	Collection<OpenSession> all() {
		return this.open.values();
	}

	/**
	 * Adds a subscription to the session's own index, then registers it:
	 * {@code subscribe} is given the subscription's key and throws a
	 * {@code MessageDeliveryException} when the caller may not see the destination (the
	 * id is then free again).
	 * @throws SessionSubscriptions.Refused when the id is missing or in use, or the
	 * session holds {@code max-subscriptions-per-session} already
	 */
	void subscribe(@Nullable String sessionId, @Nullable String subscriptionId, Consumer<String> subscribe) {
		OpenSession session = get(sessionId);
		if (session == null) {
			throw new SessionSubscriptions.Refused("subscribe", "Session closed");
		}
		session.subscriptions.reserve(subscriptionId);
		String key = key(sessionId, subscriptionId);
		try {
			subscribe.accept(key);
		}
		catch (RuntimeException ex) {
			session.subscriptions.release(subscriptionId);
			throw ex;
		}
		if (session.subscriptions.closed()) {
			// the session closed while this one was being added: it took the ids it
			// held before this one was registered
			this.push.unsubscribe(key);
		}
	}

	/** Ends one subscription of a session (UNSUBSCRIBE). */
	void unsubscribe(@Nullable String sessionId, @Nullable String subscriptionId) {
		OpenSession session = get(sessionId);
		if (session != null && session.subscriptions.release(subscriptionId)) {
			this.push.unsubscribe(key(sessionId, subscriptionId));
		}
	}

	/** Ends every subscription of a session (DISCONNECT). */
	void unsubscribeAll(@Nullable String sessionId) {
		OpenSession session = get(sessionId);
		if (session != null) {
			unsubscribeAll(session);
		}
	}

	private void unsubscribeAll(OpenSession session) {
		for (String subscriptionId : session.subscriptions.close()) {
			this.push.unsubscribe(key(session.id(), subscriptionId));
		}
	}

	private static String key(@Nullable String sessionId, @Nullable String subscriptionId) {
		return sessionId + ":" + subscriptionId;
	}

	/**
	 * Waits (briefly) until the session's CONNECTED frame has been written. A refusal
	 * (ERROR frame, then close) must not race the broker's thread still writing
	 * CONNECTED: the WebSocket session would buffer the ERROR and drop it on close.
	 */
	void awaitConnected(@Nullable String sessionId) {
		OpenSession session = get(sessionId);
		if (session != null) {
			try {
				session.connected.await(2, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** This thread hands an inbound message of {@code session} to the STOMP handler. */
	void handling(OpenSession session) {
		this.inbound.set(session);
	}

	/** This thread is done with the inbound message. */
	void handled() {
		this.inbound.remove();
	}

	/**
	 * Called (by {@link StompErrors}) for a frame that does not decode, on the thread
	 * that handles it: its ERROR ends the session, and the rest of the session's input
	 * (the other parts of an oversize frame) is not read.
	 * @return whether this is the session's first bad frame (the one to count)
	 */
	boolean badFrame() {
		OpenSession session = this.inbound.get();
		return session == null || session.badFrame.compareAndSet(false, true);
	}

}
