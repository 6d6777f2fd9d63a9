package com.acme.tracking.live.stomp;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counts the STOMP frames and connections refused in
 * {@code tracking.push.refused{reason}}, each reason exported at 0 from the start:
 * {@code connect} (no valid token), {@code subscribe} (a destination the caller may not
 * see), {@code send} (a client SEND), {@code no-connect} (no CONNECT within the
 * first-message timeout), {@code before-connect} (a frame other than CONNECT first),
 * {@code protocol-error} (a frame over the message size limit, or one that does not
 * parse), {@code subscription-id} (a SUBSCRIBE without an id, or with one in use in its
 * session), {@code too-many-subscriptions} (past {@code max-subscriptions-per-session}).
 */
@Component
class StompRefusals {

	private static final List<String> REASONS = List.of("connect", "subscribe", "send", "no-connect", "before-connect",
			"protocol-error", "subscription-id", "too-many-subscriptions");

	private final MeterRegistry meters;

	StompRefusals(MeterRegistry meters) {
		this.meters = meters;
		for (String reason : REASONS) {
			counter(reason);
		}
	}

	/** Counts one refusal. */
	void count(String reason) {
		counter(reason).increment();
	}

	private Counter counter(String reason) {
		return Counter.builder("tracking.push.refused")
			.description("STOMP frames and connections refused, by reason")
			.tag("reason", reason)
			.register(this.meters);
	}

}
