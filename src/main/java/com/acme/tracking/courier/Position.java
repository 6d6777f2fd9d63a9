package com.acme.tracking.courier;

import java.time.Instant;

import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;

/**
 * A courier's validated GPS fix.
 *
 * @param courierId the courier
 * @param point where, WGS84
 * @param accuracyMeters horizontal accuracy, when the device gave one
 * @param speedMetersPerSecond speed, when the device gave one
 * @param headingDegrees heading, when the device gave one
 * @param recordedAt device time
 */
public record Position(String courierId, GeoPoint point, @Nullable Float accuracyMeters,
		@Nullable Float speedMetersPerSecond, @Nullable Float headingDegrees, Instant recordedAt) {

}
