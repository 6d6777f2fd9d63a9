package com.acme.tracking.history.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Fails history requests fast while the warehouse is known to be down. Without it each
 * request would wait for a connection (the pool's 5 s timeout) before its 503, and a
 * burst of history requests during an outage would hold the request threads that live
 * tracking needs. After a failure that says the warehouse cannot be reached, requests in
 * the next {@link #OPEN_FOR} get their 503 at once; the first one after it tries again.
 */
@Component
class WarehouseBreaker {

	static final Duration OPEN_FOR = Duration.ofSeconds(5);

	private final Clock clock;

	private volatile Instant openUntil = Instant.MIN;

	WarehouseBreaker(Clock clock) {
		this.clock = clock;
	}

	/** Throws {@link Open} while the warehouse is known to be down. */
	void check() {
		if (this.clock.instant().isBefore(this.openUntil)) {
			throw new Open();
		}
	}

	/** The warehouse could not be reached just now. */
	void failed() {
		this.openUntil = this.clock.instant().plus(OPEN_FOR);
	}

	/** The warehouse was found down a moment ago: not asked again yet. */
	static final class Open extends DataAccessResourceFailureException {

		Open() {
			super("The warehouse was unreachable moments ago");
		}

	}

}
