package com.acme.tracking.live.stomp;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import com.acme.tracking.access.Caller;
import com.acme.tracking.access.Callers;
import com.acme.tracking.access.ShareLinks;
import com.acme.tracking.delivery.DeliveryStates;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageDeliveryException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * Who opens a STOMP session, and until when. {@code CONNECT} must carry
 * {@code Authorization: Bearer} with a share-link token or a JWT (checked by the same
 * {@link JwtDecoder} as REST). What the session was opened with is kept in its
 * attributes; the session is closed when it expires ({@link SessionTimers}).
 */
@Component
class StompCredentials {

	/** The share link a session was opened with. */
	private static final String SHARED = "tracking.shared-order";

	/** When the session's JWT expires: the session is closed then. */
	private static final String EXPIRES = "tracking.expires";

	private final JwtDecoder jwts;

	private final ShareLinks shareLinks;

	private final DeliveryStates deliveries;

	private final SessionTimers timers;

	private final Clock clock;

	StompCredentials(JwtDecoder jwts, ShareLinks shareLinks, DeliveryStates deliveries, SessionTimers timers,
			Clock clock) {
		this.jwts = jwts;
		this.shareLinks = shareLinks;
		this.deliveries = deliveries;
		this.timers = timers;
		this.clock = clock;
	}

	/**
	 * The caller of a CONNECT, from its {@code Authorization} header; what it came with
	 * goes into the session's attributes.
	 * @throws MessageDeliveryException when there is no valid token
	 */
	Caller authenticate(@Nullable String authorization, Map<String, Object> attributes) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			throw new MessageDeliveryException("Unauthorized: CONNECT needs Authorization: Bearer <token>");
		}
		String token = authorization.substring(7).trim();
		ShareLinks.SharedOrder shared = this.shareLinks.verify(token).orElse(null);
		if (shared != null) {
			if (!shows(shared)) {
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

	/** The share link the session was opened with, if it was. */
	static ShareLinks.@Nullable SharedOrder sharedOrder(Map<String, Object> attributes) {
		return (attributes.get(SHARED) instanceof ShareLinks.SharedOrder link) ? link : null;
	}

	/**
	 * Whether the session's share link (if it was opened with one) still shows its order.
	 */
	boolean stillValid(Map<String, Object> attributes) {
		ShareLinks.SharedOrder link = sharedOrder(attributes);
		return link == null || shows(link);
	}

	private boolean shows(ShareLinks.SharedOrder link) {
		return this.deliveries.find(link.orderId())
			.map((delivery) -> this.shareLinks.shows(link.issuedAt(), delivery.endedAt(), this.clock.instant()))
			.orElse(false);
	}

	/**
	 * Closes the session when the JWT or the share link it was opened with expires. A
	 * share link's expiry comes nearer when its order ends, and it expires at once when
	 * the order is no longer known.
	 */
	void closeWhenExpired(@Nullable String sessionId, Map<String, Object> attributes) {
		if (sessionId == null) {
			return;
		}
		if (attributes.get(EXPIRES) instanceof Instant expires) {
			this.timers.closeAt(sessionId, expires);
		}
		ShareLinks.SharedOrder link = sharedOrder(attributes);
		if (link != null) {
			this.timers.closeWhenExpired(sessionId,
					() -> this.deliveries.find(link.orderId())
						.map((delivery) -> this.shareLinks.expiresAt(link.issuedAt(), delivery.endedAt()))
						.orElse(Instant.EPOCH),
					"share link expired");
		}
	}

}
