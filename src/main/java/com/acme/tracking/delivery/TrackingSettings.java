package com.acme.tracking.delivery;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The orders' hot state and tracking ({@code tracking.delivery.*}).
 *
 * @param arrivingRadius an order is arriving when its courier first comes this close (m)
 * @param arrivedRadius an order has arrived when its courier first comes this close (m)
 * @param etaDetourFactor road distance over straight-line distance, in the fallback ETA
 * used until there is history ({@link EtaModel#fallback})
 * @param evictEndedAfter an ended order leaves the hot state this long after it ended
 * (share links stay valid for one hour after the end)
 * @param evictIdleAfter an order not changed for this long leaves the hot state
 * @param evictionInterval how often eviction runs
 */
@Validated
@ConfigurationProperties("tracking.delivery")
public record TrackingSettings(@DefaultValue("500") @Positive double arrivingRadius,
		@DefaultValue("50") @Positive double arrivedRadius,
		@DefaultValue("1.3") @DecimalMin("1.0") double etaDetourFactor,
		@DefaultValue("2h") @NotNull Duration evictEndedAfter, @DefaultValue("24h") @NotNull Duration evictIdleAfter,
		@DefaultValue("1m") @NotNull Duration evictionInterval) {

	public TrackingSettings {
		if (arrivedRadius > arrivingRadius) {
			throw new IllegalArgumentException("tracking.delivery.arrived-radius (" + arrivedRadius
					+ ") must not be larger than tracking.delivery.arriving-radius (" + arrivingRadius + ")");
		}
		if (evictEndedAfter.compareTo(Duration.ofHours(1)) < 0) {
			throw new IllegalArgumentException(
					"tracking.delivery.evict-ended-after must be at least 1h: share links show an order until one hour after its end");
		}
	}

	public ArrivalRadii radii() {
		return new ArrivalRadii(this.arrivingRadius, this.arrivedRadius);
	}

}
