package com.acme.tracking.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.acme.tracking.access.Caller;
import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.CourierSettings;
import com.acme.tracking.courier.LivePosition;
import com.acme.tracking.courier.Position;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Renders an order's tracking body for one caller, applying who may see what: an order a
 * caller may not see is absent (never revealed); a customer sees the courier only between
 * pickup and the end and never its id; partners and support see it from assignment.
 * Nobody sees the courier through an order after the order ends.
 */
@Component
public class TrackingViews {

	private final DeliveryStates deliveries;

	private final CourierPositions couriers;

	private final TrackingSettings settings;

	private final CourierSettings courierSettings;

	private final Clock clock;

	TrackingViews(DeliveryStates deliveries, CourierPositions couriers, TrackingSettings settings,
			CourierSettings courierSettings, Clock clock) {
		this.deliveries = deliveries;
		this.couriers = couriers;
		this.settings = settings;
		this.courierSettings = courierSettings;
		this.clock = clock;
	}

	/** The order as {@code caller} may see it; empty when it does not exist for them. */
	public Optional<TrackingSnapshot> find(String orderId, Caller caller) {
		return this.deliveries.find(orderId).flatMap((delivery) -> {
			Caller.View view = caller.viewOf(orderId, delivery.customerId(), delivery.partnerId());
			return (view != null) ? Optional.of(render(delivery, view)) : Optional.empty();
		});
	}

	/** The body of {@code delivery} in {@code view}, now. */
	public TrackingSnapshot render(Delivery delivery, Caller.View view) {
		LivePosition live = visibleCourier(delivery, view);
		Tracking.Courier courier = null;
		Position shown = null;
		boolean stale = false;
		Instant updatedAt = delivery.updatedAt();
		if (live != null) {
			shown = live.position();
			Tracking.PositionView position = positionView(shown);
			stale = position.stale();
			courier = new Tracking.Courier(view.seesCourierId() ? shown.courierId() : null, position);
			if (shown.recordedAt().isAfter(updatedAt)) {
				updatedAt = shown.recordedAt();
			}
		}
		Tracking tracking = new Tracking(delivery.orderId(), delivery.status(), delivery.statusAt(), courier,
				delivery.destination(), eta(delivery, live), delivery.arrivingAt() != null,
				delivery.arrivedAt() != null, updatedAt);
		String etag = "W/\"" + delivery.version() + "." + ((shown != null) ? shown.recordedAt().toEpochMilli() : 0)
				+ "." + (stale ? 1 : 0) + "." + view.name().charAt(0) + "\"";
		return new TrackingSnapshot(tracking, etag, view, delivery, shown);
	}

	private @Nullable LivePosition visibleCourier(Delivery delivery, Caller.View view) {
		String courierId = delivery.courierId();
		if (courierId == null) {
			return null;
		}
		LivePosition live = this.couriers.find(courierId).orElse(null);
		return (live != null && sees(delivery, view, live.position())) ? live : null;
	}

	/**
	 * Whether a caller with {@code view} sees {@code position} as the position of
	 * {@code delivery}: its courier's fix while the order goes on; for customers only
	 * from the pickup on (never a fix from before it, even while no newer one came).
	 */
	public boolean sees(Delivery delivery, Caller.View view, Position position) {
		if (delivery.ended() || !position.courierId().equals(delivery.courierId())) {
			return false;
		}
		if (view.seesCourierBeforePickup()) {
			return delivery.status() == DeliveryStatus.COURIER_ASSIGNED || delivery.status().inTransit();
		}
		return delivery.carries(position);
	}

	/** A position as the push and tracking bodies show it, now. */
	public Tracking.PositionView positionView(Position position) {
		Instant now = this.clock.instant();
		return new Tracking.PositionView(position.point().lat(), position.point().lon(), position.accuracyMeters(),
				position.recordedAt(), CourierSettings.ageSeconds(position, now),
				this.courierSettings.stale(position, now));
	}

	private @Nullable Long eta(Delivery delivery, @Nullable LivePosition live) {
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
