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
 * An order's tracking body for one caller: an order the caller is nothing to is absent
 * (never revealed); what of the courier shows is {@link CourierVisibility}'s rule.
 */
@Component
public class OrderTracking {

	private final DeliveryStates deliveries;

	private final CourierPositions couriers;

	private final Eta eta;

	private final CourierSettings courierSettings;

	private final Clock clock;

	OrderTracking(DeliveryStates deliveries, CourierPositions couriers, Eta eta, CourierSettings courierSettings,
			Clock clock) {
		this.deliveries = deliveries;
		this.couriers = couriers;
		this.eta = eta;
		this.courierSettings = courierSettings;
		this.clock = clock;
	}

	/** The order as {@code caller} may see it; empty when it does not exist for them. */
	public Optional<RenderedTracking> find(String orderId, Caller caller) {
		return this.deliveries.find(orderId).flatMap((delivery) -> {
			Audience audience = Audience.of(caller, orderId, delivery.customerId(), delivery.partnerId());
			return (audience != null) ? Optional.of(render(delivery, audience)) : Optional.empty();
		});
	}

	/** The body of {@code delivery} for {@code audience}, now. */
	public RenderedTracking render(Delivery delivery, Audience audience) {
		LivePosition live = visibleCourier(delivery, audience);
		Tracking.Courier courier = null;
		Position shown = null;
		boolean stale = false;
		Instant updatedAt = delivery.updatedAt();
		if (live != null) {
			shown = live.position();
			Tracking.Location location = location(shown);
			stale = location.stale();
			courier = new Tracking.Courier(CourierVisibility.showsCourierId(audience) ? shown.courierId() : null,
					location);
			if (shown.recordedAt().isAfter(updatedAt)) {
				updatedAt = shown.recordedAt();
			}
		}
		EtaEstimate estimate = this.eta.estimate(delivery, live);
		Tracking tracking = new Tracking(delivery.orderId(), delivery.status(), delivery.statusAt(), courier,
				delivery.destination(), (estimate != null) ? estimate.secondsFrom(this.clock.instant()) : null,
				(estimate != null) ? estimate.estimatedArrivalAt() : null,
				(estimate != null) ? new Tracking.ArrivalRange(estimate.earliest(), estimate.latest()) : null,
				delivery.arrivingAt() != null, delivery.arrivedAt() != null, updatedAt);
		String etag = "W/\"" + delivery.version() + "." + ((shown != null) ? shown.recordedAt().toEpochMilli() : 0)
				+ "." + (stale ? 1 : 0) + "." + audience.name().charAt(0) + "\"";
		return new RenderedTracking(tracking, etag, audience, delivery, shown);
	}

	private @Nullable LivePosition visibleCourier(Delivery delivery, Audience audience) {
		String courierId = delivery.courierId();
		if (courierId == null) {
			return null;
		}
		LivePosition live = this.couriers.find(courierId).orElse(null);
		return (live != null && CourierVisibility.showsPosition(delivery, audience, live.position())) ? live : null;
	}

	/** The order's estimated arrival from its courier's last fix, if any. */
	public @Nullable EtaEstimate estimate(Delivery delivery) {
		return this.eta.estimate(delivery);
	}

	/** A position as the push and tracking bodies show it, now. */
	public Tracking.Location location(Position position) {
		Instant now = this.clock.instant();
		return new Tracking.Location(position.point().lat(), position.point().lon(), position.accuracyMeters(),
				position.recordedAt(), CourierSettings.ageSeconds(position, now),
				this.courierSettings.stale(position, now));
	}

}
