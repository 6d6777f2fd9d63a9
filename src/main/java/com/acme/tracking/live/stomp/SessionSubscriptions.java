package com.acme.tracking.live.stomp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.acme.tracking.shared.InputBounds;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageDeliveryException;

/**
 * The subscription ids of one STOMP session: its own index, so that a session's close
 * costs only its own subscriptions. STOMP 1.2 makes an id unique within its session;
 * Spring's broker does not enforce it (PITFALLS.md), so this does: a SUBSCRIBE without an
 * id, with one in use, or past the session's maximum is refused with an ERROR frame.
 * Frames of one session may be handled on several inbound threads at once, hence the
 * lock.
 */
final class SessionSubscriptions {

	private final int max;

	private final Set<String> ids = new HashSet<>();

	private boolean closed;

	SessionSubscriptions(int max) {
		this.max = max;
	}

	/**
	 * Takes {@code id} for a new subscription.
	 * @throws Refused when the id is missing, invalid or in use, when the session holds
	 * its maximum already, or when it is closed
	 */
	synchronized void reserve(@Nullable String id) {
		if (id == null || id.isBlank()) {
			throw new Refused("subscription-id", "SUBSCRIBE needs an 'id' header");
		}
		String problem = InputBounds.idProblem("id", id);
		if (problem != null) {
			throw new Refused("subscription-id", "Invalid subscription id: " + problem);
		}
		if (this.closed) {
			throw new Refused("subscribe", "Session closed");
		}
		if (this.ids.contains(id)) {
			throw new Refused("subscription-id", "Subscription id '" + id + "' is already in use in this session");
		}
		if (this.ids.size() >= this.max) {
			throw new Refused("too-many-subscriptions", "At most " + this.max + " subscriptions per session");
		}
		this.ids.add(id);
	}

	/** Gives {@code id} back (unsubscribed, or its subscription was refused). */
	synchronized boolean release(@Nullable String id) {
		return id != null && this.ids.remove(id);
	}

	/** Whether the session was closed (its subscriptions taken by {@link #close()}). */
	synchronized boolean closed() {
		return this.closed;
	}

	synchronized int size() {
		return this.ids.size();
	}

	/**
	 * Closes the index: no more ids are taken.
	 * @return the ids the session held
	 */
	synchronized List<String> close() {
		this.closed = true;
		List<String> held = new ArrayList<>(this.ids);
		this.ids.clear();
		return held;
	}

	/**
	 * A STOMP frame refused: the client gets an ERROR frame with the message, and the
	 * refusal is counted in {@code tracking.push.refused{reason}}.
	 */
	static final class Refused extends MessageDeliveryException {

		private final String reason;

		Refused(String reason, String message) {
			super(message);
			this.reason = reason;
		}

		String reason() {
			return this.reason;
		}

	}

}
