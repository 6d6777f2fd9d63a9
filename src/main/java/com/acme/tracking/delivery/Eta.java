package com.acme.tracking.delivery;

import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.LivePosition;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The estimated seconds to an order's arrival, the {@code etaSeconds} of the tracking
 * body and of notifications: null before the pickup, after the end and without a position
 * of the carrying courier; 0 once arrived. Straight-line distance times a detour factor,
 * over the courier's recent speed with a floor.
 */
@Component
public class Eta {

	private final CourierPositions couriers;

	private final TrackingSettings settings;

	Eta(CourierPositions couriers, TrackingSettings settings) {
		this.couriers = couriers;
		this.settings = settings;
	}

	/** The ETA of the order from its courier's last position. */
	public @Nullable Long seconds(Delivery delivery) {
		String courierId = delivery.courierId();
		LivePosition live = (courierId != null) ? this.couriers.find(courierId).orElse(null) : null;
		return seconds(delivery, live);
	}

	/** The ETA of the order from this position of its courier, if any. */
	@Nullable Long seconds(Delivery delivery, @Nullable LivePosition live) {
		if (delivery.ended() || !delivery.status().inTransit()) {
			return null;
		}
		if (delivery.arrivedAt() != null) {
			return 0L;
		}
		if (live == null || delivery.destination() == null || !delivery.carries(live.position())) {
			return null;
		}
		double meters = live.position().point().distanceTo(delivery.destination()) * this.settings.etaDetourFactor();
		double speed = Math.max(live.recentSpeedMetersPerSecond(), this.settings.etaSpeedFloor());
		return (long) Math.ceil(meters / speed);
	}

}
