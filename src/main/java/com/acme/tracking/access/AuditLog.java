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

	/** Records that a support agent read a resource, when the caller is one. */
	public void supportRead(Caller caller, String action, String resource) {
		if (caller.isSupport()) {
			audit.info("audit actor={} role=support action={} resource={}", caller.id(), action, resource);
		}
	}

}
