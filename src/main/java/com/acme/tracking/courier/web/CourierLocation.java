package com.acme.tracking.courier.web;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A courier's live position.
 *
 * @param courierId the courier
 * @param lat latitude
 * @param lon longitude
 * @param accuracyMeters horizontal accuracy, when the device gave one
 * @param speedMetersPerSecond speed, when the device gave one
 * @param headingDegrees heading, when the device gave one
 * @param recordedAt device time of the fix
 * @param ageSeconds seconds since then
 * @param stale whether it is older than {@code tracking.courier.stale-after}
 */
record CourierLocation(String courierId, double lat, double lon, @Nullable Float accuracyMeters,
		@Nullable Float speedMetersPerSecond, @Nullable Float headingDegrees, Instant recordedAt, long ageSeconds,
		boolean stale) {
}
