package com.acme.tracking.history;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the ETA's accuracy is published ({@code tracking.eta.accuracy-*}; the rest of
 * {@code tracking.eta.*} is the model's, in {@code delivery}'s {@code EtaSettings}).
 *
 * @param accuracyWindow the {@code tracking_eta_within_window_ratio} gauges are over the
 * orders delivered this far back
 */
@Validated
@ConfigurationProperties("tracking.eta")
public record EtaAccuracySettings(@DefaultValue("1h") @NotNull Duration accuracyWindow) {

	@AssertTrue(message = "tracking.eta.accuracy-window must be between 1m and 31d")
	boolean isAccuracyWindowInRange() {
		return this.accuracyWindow == null || (this.accuracyWindow.compareTo(Duration.ofMinutes(1)) >= 0
				&& this.accuracyWindow.compareTo(Duration.ofDays(31)) <= 0);
	}

}
