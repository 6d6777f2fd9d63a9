package com.acme.tracking.live.push;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.acme.tracking.access.Caller;
import com.acme.tracking.access.ShareLinks;
import com.acme.tracking.live.LiveSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * How many SSE streams and STOMP sessions one caller holds open at once, on this replica,
 * capped per role ({@code tracking.live.max-streams-per-customer}, {@code …-per-partner},
 * {@code …-per-support}). A caller is the verified token's {@code sub}, or one share link
 * (each link is its own caller). Both channels take a slot when a stream or session opens
 * ({@link #acquire}) and give it back when it ends ({@link #release}; STOMP sessions also
 * on Spring's {@link SessionDisconnectEvent}). Memory stays bounded: an entry exists only
 * for a caller with an open stream or session, each of which holds a connection, and only
 * verified callers get one, so a fresh key per request cannot grow it.
 */
@Component
public class StreamCaps {

	/**
	 * What a 429 past the cap suggests: a slot frees only when another stream or session
	 * of the caller ends, so retrying at once is pointless.
	 */
	static final long RETRY_AFTER_SECONDS = 10;

	private final LiveSettings settings;

	/** Open streams and sessions per caller key; absent at zero. */
	private final Map<String, Integer> open = new ConcurrentHashMap<>();

	/**
	 * The caller key of each open stream or session (SSE stream id, STOMP session id).
	 */
	private final Map<String, String> holders = new ConcurrentHashMap<>();

	private final Map<String, Counter> capped = new ConcurrentHashMap<>();

	StreamCaps(LiveSettings settings, MeterRegistry meters) {
		this.settings = settings;
		for (String role : new String[] { "customer", "share-link", "partner", "support" }) {
			this.capped.put(role,
					Counter.builder("tracking.push.capped")
						.description("SSE streams and STOMP sessions refused: the caller had its maximum open")
						.tag("role", role)
						.register(meters));
		}
	}

	/**
	 * Takes a slot for a stream or session, unless the caller already holds its maximum.
	 * Taking one again for the same id (a second CONNECT) takes nothing more.
	 * @param id the SSE stream or STOMP session
	 * @param caller the verified caller
	 * @param link the share link the caller came with, if any
	 * @return whether the stream or session may open
	 */
	public boolean acquire(String id, Caller caller, ShareLinks.@Nullable SharedOrder link) {
		String key = keyOf(caller, link);
		if (this.holders.putIfAbsent(id, key) != null) {
			return true;
		}
		int max = maxOf(caller, link);
		boolean[] taken = { false };
		this.open.compute(key, (k, count) -> {
			int now = (count != null) ? count : 0;
			if (now >= max) {
				return count;
			}
			taken[0] = true;
			return now + 1;
		});
		if (!taken[0]) {
			this.holders.remove(id, key);
			this.capped.get(roleOf(caller, link)).increment();
		}
		return taken[0];
	}

	/**
	 * Gives back the slot of a stream or session that ended (once; unknown ids: nothing).
	 */
	public void release(String id) {
		String key = this.holders.remove(id);
		if (key != null) {
			this.open.computeIfPresent(key, (k, count) -> (count > 1) ? count - 1 : null);
		}
	}

	@EventListener
	void sessionEnded(SessionDisconnectEvent event) {
		release(event.getSessionId());
	}

	/** How many streams and sessions the caller holds open now. */
	int openFor(Caller caller, ShareLinks.@Nullable SharedOrder link) {
		return this.open.getOrDefault(keyOf(caller, link), 0);
	}

	/** The answer to an SSE request past the cap: 429 with a problem body. */
	public ErrorResponseException tooMany(Caller caller) {
		int max = maxOf(caller, null);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"At most " + max + " streams and sessions may be open at once; close one first");
		ErrorResponseException refusal = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null);
		refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
		return refusal;
	}

	private static String keyOf(Caller caller, ShareLinks.@Nullable SharedOrder link) {
		if (link != null) {
			return "link:" + link.orderId() + "@" + link.issuedAt().getEpochSecond();
		}
		return "sub:" + caller.id();
	}

	private int maxOf(Caller caller, ShareLinks.@Nullable SharedOrder link) {
		return switch (roleOf(caller, link)) {
			case "support" -> this.settings.maxStreamsPerSupport();
			case "partner" -> this.settings.maxStreamsPerPartner();
			default -> this.settings.maxStreamsPerCustomer();
		};
	}

	private static String roleOf(Caller caller, ShareLinks.@Nullable SharedOrder link) {
		if (link != null) {
			return "share-link";
		}
		if (caller.isSupport()) {
			return "support";
		}
		if (caller.roles().contains(Caller.Role.PARTNER)) {
			return "partner";
		}
		return Caller.Role.CUSTOMER.name().toLowerCase(Locale.ROOT);
	}

}
