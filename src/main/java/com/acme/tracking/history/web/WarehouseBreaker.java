package com.acme.tracking.history.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.acme.tracking.history.HistorySettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.NonTransientDataAccessResourceException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;

/**
 * The circuit breaker in front of the warehouse (Resilience4j), so that history requests
 * fail fast while the warehouse is down or overloaded instead of each waiting for a
 * connection or a query timeout and holding the request threads live tracking needs.
 *
 * <p>
 * It opens when, over the last {@code window} queries of this replica, the share of
 * failed ones (timeouts, refused connections) or of slow ones passes its threshold: one
 * tenant's slow query among many quick ones does not shut history for everyone. A
 * warehouse that cannot be connected to at all (the pool could not open a connection, or
 * a connection broke) opens it at once: that is not a rate but the fact this replica
 * needs to know. Open, it answers {@link Open} for {@code openFor}; then it lets
 * {@code halfOpenCalls} trial queries through, which close it or open it again. Its state
 * is exported as {@code resilience4j_circuitbreaker_state{name="warehouse"}}.
 */
@Component
class WarehouseBreaker {

	static final String NAME = "warehouse";

	private final CircuitBreaker breaker;

	private final Clock clock;

	private final Duration openFor;

	private volatile Instant openUntil = Instant.MIN;

	WarehouseBreaker(HistorySettings settings, Clock clock, MeterRegistry meters) {
		HistorySettings.Breaker limits = settings.breaker();
		this.clock = clock;
		this.openFor = limits.openFor();
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindow(limits.window(), Math.min(limits.minimumCalls(), limits.window()),
					CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.failureRateThreshold(limits.failureRate())
			.slowCallRateThreshold(limits.slowCallRate())
			.slowCallDurationThreshold(limits.slowCall())
			.waitDurationInOpenState(limits.openFor())
			.permittedNumberOfCallsInHalfOpenState(limits.halfOpenCalls())
			.recordException(WarehouseBreaker::isFailure)
			.clock(clock)
			.writableStackTraceEnabled(false)
			.build();
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config);
		this.breaker = registry.circuitBreaker(NAME);
		this.breaker.getEventPublisher().onStateTransition((event) -> {
			if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
				this.openUntil = clock.instant().plus(this.openFor);
			}
		});
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
	}

	/**
	 * Runs one warehouse query through the breaker: {@link Open} at once while it is
	 * open, otherwise the query's result or exception, recorded.
	 */
	<T> T call(Supplier<T> query) {
		if (!this.breaker.tryAcquirePermission()) {
			throw new Open();
		}
		Instant start = this.clock.instant();
		try {
			T result = query.get();
			this.breaker.onSuccess(nanosSince(start), TimeUnit.NANOSECONDS);
			return result;
		}
		catch (RuntimeException ex) {
			this.breaker.onError(nanosSince(start), TimeUnit.NANOSECONDS, ex);
			if (isUnreachable(ex) && this.breaker.getState() != CircuitBreaker.State.OPEN) {
				this.breaker.transitionToOpenState();
			}
			throw ex;
		}
	}

	private long nanosSince(Instant start) {
		return Duration.between(start, this.clock.instant()).toNanos();
	}

	/**
	 * Seconds a client should wait before asking again: what is left of the open window,
	 * or 1 when the breaker is not open (a failure it has not yet counted as an outage).
	 */
	long retryAfterSeconds() {
		if (this.breaker.getState() != CircuitBreaker.State.OPEN) {
			return 1;
		}
		Duration left = Duration.between(this.clock.instant(), this.openUntil);
		return Math.max(1, (left.toMillis() + 999) / 1000);
	}

	CircuitBreaker.State state() {
		return this.breaker.getState();
	}

	/**
	 * Whether an exception says the warehouse failed (rather than, say, a bug of ours).
	 */
	static boolean isFailure(Throwable ex) {
		return ex instanceof CannotGetJdbcConnectionException || ex instanceof TransientDataAccessException
				|| ex instanceof NonTransientDataAccessResourceException
				|| ex instanceof DataAccessResourceFailureException;
	}

	/**
	 * Whether the warehouse could not be connected to at all: no connection could be
	 * opened (the pool's timeout carries the connect failure as its cause; a pool that is
	 * merely busy carries none), or a connection broke (SQL state class 08).
	 */
	static boolean isUnreachable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException pool && pool.getCause() != null) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/** The breaker is open: the warehouse was found down or overloaded moments ago. */
	static final class Open extends DataAccessResourceFailureException {

		Open() {
			super("The warehouse was unreachable moments ago");
		}

	}

}
