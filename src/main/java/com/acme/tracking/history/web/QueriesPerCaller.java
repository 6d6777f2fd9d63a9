package com.acme.tracking.history.web;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import com.acme.tracking.access.Caller;
import com.acme.tracking.history.HistorySettings;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * A bulkhead per caller: at most
 * {@code tracking.history.max-concurrent-queries-per-caller} history requests of one
 * token subject reach the warehouse at once; the next one is refused with 429
 * ({@link Busy}) instead of queueing, so one caller cannot take the connection pool (or
 * the breaker) from everyone else. Memory stays bounded: a caller's semaphore is held
 * weakly and lives only while one of its requests holds it (plus a size cap for the rare
 * moment before collection).
 */
@Component
class QueriesPerCaller {

	/** Callers whose semaphores are kept at most; far above the request threads. */
	static final int MAX_CALLERS = 10_000;

	private final int permits;

	private final Cache<String, Semaphore> callers = Caffeine.newBuilder()
		.maximumSize(MAX_CALLERS)
		.weakValues()
		.build();

	QueriesPerCaller(HistorySettings settings) {
		this.permits = settings.maxConcurrentQueriesPerCaller();
	}

	/**
	 * Runs the caller's history work, or throws {@link Busy} when it has too much
	 * running.
	 */
	<T> T run(Caller caller, Supplier<T> work) {
		Semaphore semaphore = this.callers.get(key(caller), (id) -> new Semaphore(this.permits));
		if (!semaphore.tryAcquire()) {
			throw new Busy(this.permits);
		}
		try {
			return work.get();
		}
		finally {
			semaphore.release();
		}
	}

	/** A token's subject; a share link (whose callers share one id) counts per link. */
	private static String key(Caller caller) {
		return (caller.sharedOrderId() != null) ? "link:" + caller.sharedOrderId() : "sub:" + caller.id();
	}

	/** 429: this caller already has as many history requests running as it may. */
	static final class Busy extends ErrorResponseException {

		Busy(int permits) {
			super(HttpStatus.TOO_MANY_REQUESTS, problem(permits), null);
			getHeaders().set("Retry-After", "1");
		}

		private static ProblemDetail problem(int permits) {
			return ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
					"Too many history requests at once: at most " + permits + " per caller may run together");
		}

	}

}
