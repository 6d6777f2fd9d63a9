package com.acme.tracking.history.web;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import com.acme.tracking.MutableClock;
import com.acme.tracking.history.HistorySettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The warehouse's breaker with its default settings (window 20, at least 10 calls,
 * failure rate 50 %, open 10 s, 3 trial calls): one failed query among good ones does not
 * shut history; a failure rate past the threshold does; an unreachable warehouse opens it
 * at once; Retry-After counts down the open window; trials are limited; the state is a
 * gauge.
 */
class WarehouseBreakerTests {

	final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final WarehouseBreaker breaker = new WarehouseBreaker(defaults(), this.clock, this.meters);

	@Test
	void oneFailedQueryAmongGoodOnesDoesNotOpenIt() {
		for (int i = 0; i < 15; i++) {
			ok();
		}
		timeout();
		timeout();
		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(ok()).isEqualTo("rows");
	}

	@Test
	void aFailureRatePastTheThresholdOpensItAndRetryAfterCountsDownItsWindow() {
		for (int i = 0; i < 10; i++) {
			ok();
		}
		for (int i = 0; i < 9; i++) {
			timeout();
		}
		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		timeout();
		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.breaker.retryAfterSeconds()).isEqualTo(10);
		this.clock.advance(Duration.ofMillis(3500));
		assertThat(this.breaker.retryAfterSeconds()).isEqualTo(7);
		assertThatExceptionOfType(WarehouseBreaker.Open.class).isThrownBy(this::ok);
		assertThat(gauge("open")).isEqualTo(1);
	}

	@Test
	void anUnreachableWarehouseOpensItAtOnceAndAPoolThatIsOnlyBusyDoesNot() {
		for (int i = 0; i < 15; i++) {
			ok();
		}
		SQLTransientConnectionException busy = new SQLTransientConnectionException(
				"Connection is not available, request timed out after 5000ms");
		fail(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", busy));
		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		SQLTransientConnectionException refused = new SQLTransientConnectionException(
				"Connection is not available, request timed out after 5000ms", "08001",
				new ConnectException("Connection refused"));
		fail(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", refused));
		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.breaker.retryAfterSeconds()).isEqualTo(10);
	}

	@Test
	void afterTheOpenWindowALimitedNumberOfTrialsDecide() {
		fail(new CannotGetJdbcConnectionException("down",
				new SQLTransientConnectionException("timed out", "08001", new ConnectException("refused"))));
		this.clock.advance(Duration.ofSeconds(10).plusMillis(1));
		AtomicReference<String> hold = new AtomicReference<>();
		// three trials are let through; a fourth while they run is refused
		String nested = this.breaker.call(() -> this.breaker.call(() -> this.breaker.call(() -> {
			assertThatExceptionOfType(WarehouseBreaker.Open.class).isThrownBy(this::ok);
			hold.set("third");
			return "rows";
		})));
		assertThat(nested).isEqualTo("rows");
		assertThat(hold).hasValue("third");
		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(gauge("closed")).isEqualTo(1);
	}

	@Test
	void slowQueriesPastTheirRateOpenIt() {
		for (int i = 0; i < 10; i++) {
			this.breaker.call(() -> {
				this.clock.advance(Duration.ofSeconds(6));
				return "rows";
			});
		}
		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	private String ok() {
		return this.breaker.call(() -> "rows");
	}

	private void timeout() {
		fail(new QueryTimeoutException("canceling statement due to statement timeout"));
	}

	private void fail(RuntimeException failure) {
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> this.breaker.call(() -> {
			throw failure;
		})).isSameAs(failure);
	}

	private double gauge(String state) {
		return this.meters.get("resilience4j.circuitbreaker.state")
			.tag("name", WarehouseBreaker.NAME)
			.tag("state", state)
			.gauge()
			.value();
	}

	private static HistorySettings defaults() {
		return new Binder(new MapConfigurationPropertySource()).bindOrCreate("tracking.history",
				Bindable.of(HistorySettings.class));
	}

}
