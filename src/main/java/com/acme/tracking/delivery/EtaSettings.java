package com.acme.tracking.delivery;

import java.time.Duration;
import java.time.ZoneId;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The ETA model ({@code tracking.eta.*}): how it is read here, and how {@code history}'s
 * learner refreshes it from the warehouse.
 *
 * @param zone the zone the hours of the week are read in (the service area's)
 * @param learnInterval how often the model is learned again from the warehouse
 * @param learnDelay the first learning after the start, this long after it
 * @param learnWindow orders delivered this far back are learned from
 * @param learnMaxOrders at most this many of them, the most recently delivered
 * @param fallbackSpeed the steady speed (m/s, over the road distance) of the model used
 * until there is history to learn from
 */
@Validated
@ConfigurationProperties("tracking.eta")
public record EtaSettings(@DefaultValue("UTC") @NotNull ZoneId zone,
		@DefaultValue("1h") @NotNull Duration learnInterval, @DefaultValue("30s") @NotNull Duration learnDelay,
		@DefaultValue("28d") @NotNull Duration learnWindow,
		@DefaultValue("100000") @Min(1) @Max(500000) int learnMaxOrders,
		@DefaultValue("5.0") @DecimalMin("0.5") double fallbackSpeed) {

	@AssertTrue(message = "tracking.eta.learn-interval must be at least 1s")
	boolean isLearnIntervalPositive() {
		return this.learnInterval == null || this.learnInterval.compareTo(Duration.ofSeconds(1)) >= 0;
	}

	@AssertTrue(message = "tracking.eta.learn-window must be at least 1h")
	boolean isLearnWindowLongEnough() {
		return this.learnWindow == null || this.learnWindow.compareTo(Duration.ofHours(1)) >= 0;
	}

	@AssertTrue(message = "tracking.eta.learn-delay must not be negative")
	boolean isLearnDelayPositive() {
		return this.learnDelay == null || !this.learnDelay.isNegative();
	}

}
