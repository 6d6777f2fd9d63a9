package com.acme.tracking.delivery;

import java.time.Instant;

import com.acme.tracking.shared.GeoPoint;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The tracking body of an order, as one caller may see it (DESIGN.md, {@code tracking}).
 *
 * @param orderId the order
 * @param status its status
 * @param statusAt when it reached that status
 * @param courier the courier's position, when this caller may see it now; null otherwise
 * @param destination where the order goes
 * @param etaSeconds estimated seconds to arrival: null before pickup and after the end, 0
 * once arrived
 * @param arriving whether the courier has come within the arriving radius
 * @param arrived whether the courier has come within the arrived radius
 * @param updatedAt when what this body shows last changed
 */
public record Tracking(String orderId, DeliveryStatus status, Instant statusAt, @Nullable Courier courier,
		@Nullable GeoPoint destination, @Nullable Long etaSeconds, boolean arriving, boolean arrived,
		Instant updatedAt) {

	/**
	 * The courier as this caller may see it.
	 *
	 * @param courierId the courier's id: partners and support only, never customers
	 * @param position its last position
	 */
	public record Courier(@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String courierId, Location position) {
	}

	/**
	 * A position with its age.
	 *
	 * @param lat latitude
	 * @param lon longitude
	 * @param accuracyMeters horizontal accuracy, when the device gave one
	 * @param recordedAt device time of the fix
	 * @param ageSeconds seconds since then
	 * @param stale whether it is older than {@code tracking.courier.stale-after}
	 */
	public record Location(double lat, double lon, @Nullable Float accuracyMeters, Instant recordedAt, long ageSeconds,
			boolean stale) {
	}

}
