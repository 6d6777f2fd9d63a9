package com.acme.tracking.history;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The warehouse ({@code tracking.history.*}).
 *
 * @param writer the history writer
 * @param maxPageSize largest {@code limit} a search or positions page may ask for
 * @param defaultPageSize the {@code limit} when none is given
 * @param maxTrailPoints most trail points an order history returns (more are downsampled)
 * @param queryTimeout a history query that takes longer is cancelled (503)
 * @param cursorSecret the key of the HMAC that signs page cursors: at least 32 bytes, the
 * same on every replica so that a client may follow a cursor through any of them. When
 * unset, each replica draws a random key at start (and says so in a warning): its cursors
 * are then refused (400) by the other replicas and after a restart
 * @param maxConcurrentQueriesPerCaller history requests one caller (token subject) may
 * have running at once; past it 429 with {@code Retry-After}
 * @param breaker the circuit breaker in front of the warehouse
 */
@Validated
@ConfigurationProperties("tracking.history")
public record HistorySettings(@DefaultValue @Valid Writer writer,
		@DefaultValue("1000") @Min(1) @Max(10000) int maxPageSize, @DefaultValue("100") @Min(1) int defaultPageSize,
		@DefaultValue("5000") @Min(2) int maxTrailPoints, @DefaultValue("10s") @NotNull Duration queryTimeout,
		@Nullable String cursorSecret, @DefaultValue("4") @Min(1) @Max(1000) int maxConcurrentQueriesPerCaller,
		@DefaultValue @Valid Breaker breaker) {

	/** The shortest cursor secret accepted, in bytes. */
	public static final int MIN_CURSOR_SECRET_BYTES = 32;

	@AssertTrue(message = "tracking.history.cursor-secret must be at least 32 bytes when set")
	boolean isCursorSecretLongEnough() {
		return this.cursorSecret == null || this.cursorSecret
			.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= MIN_CURSOR_SECRET_BYTES;
	}

	/**
	 * @param enabled whether this replica writes history (false where another pipeline
	 * loads the warehouse)
	 * @param group the consumer group shared by the fleet's writers (partitions split
	 * across replicas)
	 * @param maxBatch most records in one warehouse transaction
	 * @param maxWait how long the broker may wait to fill a batch
	 * @param retryInitial first pause after a failed batch (warehouse down)
	 * @param retryMax longest pause between retries; retries never stop
	 */
	public record Writer(@DefaultValue("true") boolean enabled,
			@DefaultValue("tracking-history") @NotBlank String group, @DefaultValue("5000") @Min(1) int maxBatch,
			@DefaultValue("500ms") @NotNull Duration maxWait, @DefaultValue("1s") @NotNull Duration retryInitial,
			@DefaultValue("30s") @NotNull Duration retryMax) {
	}

	/**
	 * The warehouse's circuit breaker (Resilience4j), over the last {@code window}
	 * history queries of this replica. A warehouse that cannot be connected to at all
	 * opens it at once; failing or slow queries open it by rate.
	 *
	 * @param window how many of the latest queries the rates are computed over
	 * @param minimumCalls how many queries the window must hold before a rate counts
	 * @param failureRate percentage of failed queries (unreachable, timed out) that opens
	 * it
	 * @param slowCallRate percentage of slow queries that opens it
	 * @param slowCall a query that takes longer is slow
	 * @param openFor how long it stays open before trial queries are let through (the
	 * {@code Retry-After} of its 503s counts down this window)
	 * @param halfOpenCalls how many trial queries it lets through once the window is over
	 */
	public record Breaker(@DefaultValue("20") @Min(1) int window, @DefaultValue("10") @Min(1) int minimumCalls,
			@DefaultValue("50") @Min(1) @Max(100) int failureRate,
			@DefaultValue("80") @Min(1) @Max(100) int slowCallRate, @DefaultValue("5s") @NotNull Duration slowCall,
			@DefaultValue("10s") @NotNull Duration openFor, @DefaultValue("3") @Min(1) int halfOpenCalls) {
	}

}
