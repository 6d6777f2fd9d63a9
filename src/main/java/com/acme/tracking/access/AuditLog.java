package com.acme.tracking.access;

import java.time.Clock;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The audit trail of support reads, of the trail's own reads and of erasures: one line
 * per record on the {@code tracking.audit} logger, and an {@link AuditRecord} event that
 * the privacy module stores in the operational database and publishes to
 * {@code tracking.audit.v1}. REST requests are recorded by {@link AuditInterceptor};
 * STOMP, SSE and erasures call this.
 */
@Component
public class AuditLog {

	private static final Logger audit = LoggerFactory.getLogger("tracking.audit");

	private final ApplicationEventPublisher events;

	private final Clock clock;

	AuditLog(ApplicationEventPublisher events, Clock clock) {
		this.events = events;
		this.clock = clock;
	}

	/**
	 * A stable pseudonym for an id that must not appear in logs in clear text (customer
	 * ids): the first 16 hex digits of its SHA-256.
	 */
	public static String pseudonym(@Nullable String id) {
		if (id == null) {
			return "-";
		}
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
				.digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return "h:" + java.util.HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Records that a support agent read a resource through a channel ({@code stomp},
	 * {@code sse}), when the caller is one.
	 */
	public void supportRead(Caller caller, String action, String resource, String channel) {
		if (caller.isSupport() || caller.isAuditor()) {
			String orderId = resource.startsWith("order:") ? resource.substring("order:".length()) : null;
			record(caller, action, resource, orderId, channel, null, "ok");
		}
	}

	/** Control characters escaped, then cut to {@code max} characters. */
	static String text(String value, int max) {
		StringBuilder text = new StringBuilder(Math.min(value.length(), max));
		for (int i = 0; i < value.length() && text.length() < max; i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c) || Character.isSurrogate(c)) {
				text.append(String.format("\\u%04x", (int) c));
			}
			else {
				text.append(c);
			}
		}
		return (text.length() > max) ? text.substring(0, max) : text.toString();
	}

	/** Records what the service itself did (an erasure's end). */
	public void system(String action, String resource, String channel, String result) {
		AuditRecord record = new AuditRecord(UUID.randomUUID(), this.clock.instant(), "system", "system", action,
				resource, null, channel, null, result);
		audit.info("audit actor=system action={} resource={} channel={} result={}", action, resource, channel, result);
		this.events.publishEvent(record);
	}

	/**
	 * Records what a caller did, whoever it is. Every text is stored as it can be:
	 * control characters (a hostile request's NUL) written as {@code \\uXXXX}, and cut to
	 * its column's length, so that no record is refused by the trail's database.
	 */
	public void record(Caller caller, String action, String resource, @Nullable String orderId, String channel,
			@Nullable String clientAddress, String result) {
		String role = caller.isSupport() ? "support" : caller.isAuditor() ? "audit" : "other";
		AuditRecord record = new AuditRecord(UUID.randomUUID(), this.clock.instant(), text(caller.id(), 256), role,
				text(action, 128), text(resource, 512), (orderId != null) ? text(orderId, 128) : null, channel,
				(clientAddress != null) ? text(clientAddress, 64) : null, text(result, 32));
		audit.info("audit actor={} role={} action={} resource={} channel={} result={}", record.actor(), role, action,
				resource, channel, result);
		this.events.publishEvent(record);
	}

}
