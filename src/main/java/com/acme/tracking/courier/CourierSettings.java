package com.acme.tracking.courier;

import java.time.Duration;
import java.time.Instant;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Courier positions ({@code tracking.courier.*}).
 *
 * @param staleAfter a position older than this is shown with {@code stale: true} (its ETA
 * is still given)
 * @param evictSilentAfter a courier not heard of for this long leaves the hot state
 */
@Validated
@ConfigurationProperties("tracking.courier")
public record CourierSettings(@DefaultValue("60s") @NotNull Duration staleAfter,
		@DefaultValue("1h") @NotNull Duration evictSilentAfter) {

	/** Whole seconds from the fix to {@code now}, never negative. */
	public static long ageSeconds(Position position, Instant now) {
		return Math.max(0, Duration.between(position.recordedAt(), now).toSeconds());
	}

	/** Whether the fix is older than {@link #staleAfter()} at {@code now}. */
	public boolean stale(Position position, Instant now) {
		return Duration.between(position.recordedAt(), now).compareTo(this.staleAfter) > 0;
	}

}
