package com.acme.tracking.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The audit trail of support reads: one line per read on the {@code tracking.audit}
 * logger (who, what, when: the log line's time), for the log pipeline to keep.
 */
@Component
public class AuditLog {

	private static final Logger audit = LoggerFactory.getLogger("tracking.audit");

	/**
	 * A stable pseudonym for an id that must not appear in logs in clear text (customer
	 * ids): the first 16 hex digits of its SHA-256.
	 */
	public static String pseudonym(@org.jspecify.annotations.Nullable String id) {
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

	/** Records that a support agent read a resource over REST, when the caller is one. */
	public void supportRead(Caller caller, String action, String resource) {
		supportRead(caller, action, resource, "rest");
	}

	/**
	 * Records that a support agent read a resource, when the caller is one: the same line
	 * for every channel ({@code rest}, {@code stomp}, {@code sse}), naming it.
	 */
	public void supportRead(Caller caller, String action, String resource, String channel) {
		if (caller.isSupport()) {
			audit.info("audit actor={} role=support action={} resource={} channel={}", caller.id(), action, resource,
					channel);
		}
	}

}
