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
 * @param etaSeconds estimated seconds to arrival, counted from the moment of the answer:
 * null before pickup and after the end, 0 once arrived
 * @param estimatedArrivalAt when the order is expected to arrive (predicted from the time
 * of the courier's last fix); null when {@code etaSeconds} is
 * @param estimatedArrivalRange the arrival four times in five (p10–p90); null when
 * {@code etaSeconds} is
 * @param arriving whether the courier has come within the arriving radius
 * @param arrived whether the courier has come within the arrived radius
 * @param updatedAt when what this body shows last changed
 */
public record Tracking(String orderId, DeliveryStatus status, Instant statusAt, @Nullable Courier courier,
		@Nullable GeoPoint destination, @Nullable Long etaSeconds, @Nullable Instant estimatedArrivalAt,
		@Nullable ArrivalRange estimatedArrivalRange, boolean arriving, boolean arrived, Instant updatedAt) {

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

	/**
	 * The range an arrival falls in four times in five.
	 *
	 * @param earliest one arrival in ten is sooner (p10)
	 * @param latest one arrival in ten is later (p90)
	 */
	public record ArrivalRange(Instant earliest, Instant latest) {
	}

}
