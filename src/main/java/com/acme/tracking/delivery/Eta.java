package com.acme.tracking.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.LivePosition;
import com.acme.tracking.courier.Position;
import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * An order's estimated arrival ({@link EtaEstimate}) and the {@code etaSeconds} of the
 * tracking body and of notifications: null before the pickup, after the end and without a
 * position of the carrying courier; once arrived, the time of the courier's last fix
 * (now, for a courier that reports; 0 seconds).
 *
 * <p>
 * The estimate is the model in use ({@link EtaModels}: learned from history by
 * {@code history}'s learner, or the fallback) for the straight-line distance left, the
 * destination's area and the hour, from the time of the courier's last fix, times the
 * trip's own pace against the model ({@link Pace}), which starts from the pace of the
 * whole fleet in the area over the half hour before the trip's first fix
 * ({@link FleetPace}: today's traffic, which history has not seen) and leans on the
 * trip's own as it goes. {@code etaSeconds} counts from the moment of the answer.
 * Notifications are published on the change a fix makes (arriving, arrived), which
 * {@link DeliveryStates} tells before the fix's move: their ETA uses that fix's position
 * and the pace up to the fix before (a difference of a few seconds).
 *
 * <p>
 * The pace of each order in transit is kept here, keyed by order id: it is updated from
 * {@link DeliveryStates}' {@link OrderCourierMoved} on the ingest thread (an observer,
 * wired in {@link DeliveryWiring}), which already holds the order's state and the fix, so
 * that no lookup is repeated and {@link Delivery} stays as it is (a field there would
 * make every fix copy the order). An order's fixes come from one courier, whose records
 * one ingest thread applies (Kafka key = courier id), so each pace has one writer; a
 * reassignment starts the pace again. It is removed when the order ends, is reassigned or
 * leaves the hot state ({@link #forgetOrdersNotInTransit}): 82 bytes for each order in
 * transit, measured with JOL ({@code EtaPaceFootprint}: the map's entry and slot and a
 * 40-byte {@link Pace}; the key is the order's own id string). The fleet's pace is a few
 * areas of 32 minutes each.
 */
@Component
public class Eta implements DeliveryObserver {

	private final CourierPositions couriers;

	private final EtaModels models;

	private final Clock clock;

	private final ConcurrentHashMap<String, Pace> paces = new ConcurrentHashMap<>();

	private final FleetPace fleet = new FleetPace();

	public Eta(CourierPositions couriers, EtaModels models, Clock clock) {
		this.couriers = couriers;
		this.models = models;
		this.clock = clock;
	}

	/** The order's estimated arrival from its courier's last position, if any. */
	public @Nullable EtaEstimate estimate(Delivery delivery) {
		String courierId = delivery.courierId();
		LivePosition live = (courierId != null) ? this.couriers.find(courierId).orElse(null) : null;
		return estimate(delivery, live);
	}

	/** The order's estimated arrival from this position of its courier, if any. */
	public @Nullable EtaEstimate estimate(Delivery delivery, @Nullable LivePosition live) {
		if (delivery.ended() || !delivery.status().inTransit()) {
			return null;
		}
		Instant arrivedAt = delivery.arrivedAt();
		if (arrivedAt != null) {
			// At the door as of the courier's last fix (for a courier that reports:
			// now; the hand-over may take a minute more), not since the radius.
			Instant lastFix = (live != null) ? live.recordedAt() : arrivedAt;
			return EtaEstimate.arrived(lastFix.isAfter(arrivedAt) ? lastFix : arrivedAt);
		}
		GeoPoint destination = delivery.destination();
		if (live == null || destination == null) {
			return null;
		}
		Position position = live.position();
		if (!delivery.carries(position)) {
			return null;
		}
		Instant at = position.recordedAt();
		EtaModel model = this.models.current();
		EtaModel.Quantiles seconds = model.predict(destination, position.point().distanceTo(destination), at);
		Pace pace = this.paces.get(delivery.orderId());
		double factor = (pace != null) ? pace.factor(model.paceBaseline())
				: this.fleet.factor(destination, at.toEpochMilli(), model.fleetBaseline());
		return new EtaEstimate(plus(at, seconds.p50() * factor), plus(at, seconds.p10() * factor),
				plus(at, seconds.p90() * factor));
	}

	/** The ETA in seconds from now, from the order's courier's last position. */
	public @Nullable Long seconds(Delivery delivery) {
		return secondsFromNow(estimate(delivery));
	}

	/** The ETA in seconds from now, from this position of its courier, if any. */
	@Nullable Long seconds(Delivery delivery, @Nullable LivePosition live) {
		return secondsFromNow(estimate(delivery, live));
	}

	private @Nullable Long secondsFromNow(@Nullable EtaEstimate estimate) {
		return (estimate != null) ? estimate.secondsFrom(this.clock.instant()) : null;
	}

	/** The pace of an order in transit, for tests. */
	@Nullable Pace pace(String orderId) {
		return this.paces.get(orderId);
	}

	@Override
	public void changed(DeliveryChanged change) {
		Delivery after = change.after();
		Delivery before = change.before();
		if (after.ended() || !after.status().inTransit() || after.arrivedAt() != null
				|| (before != null && !Objects.equals(before.courierId(), after.courierId()))) {
			this.paces.remove(after.orderId());
		}
	}

	/**
	 * A fix of the order's courier: its pace moves on. On the ingest thread; one small
	 * allocation (the next {@link Pace}) and two lookups of the model.
	 */
	@Override
	public void courierMoved(OrderCourierMoved moved) {
		Delivery delivery = moved.delivery();
		Position position = moved.position();
		GeoPoint destination = delivery.destination();
		if (destination == null || delivery.arrivedAt() != null || !delivery.carries(position)) {
			return;
		}
		double meters = position.point().distanceTo(destination);
		long fixMillis = position.recordedAt().toEpochMilli();
		String orderId = delivery.orderId();
		Pace pace = this.paces.get(orderId);
		EtaModel model = this.models.current();
		Pace next;
		if (pace == null) {
			next = Pace.start(meters, fixMillis, this.fleet.factor(destination, fixMillis, model.fleetBaseline()));
		}
		else {
			long epochSecond = position.recordedAt().getEpochSecond();
			double expected = model.median(destination, pace.lastMeters(), epochSecond)
					- model.median(destination, meters, epochSecond);
			next = pace.next(meters, fixMillis, expected);
			double seconds = pace.secondsTo(fixMillis);
			if (seconds > 0) {
				this.fleet.add(destination, fixMillis, seconds, Math.max(0, expected));
			}
		}
		if (next != pace) {
			this.paces.put(orderId, next);
		}
	}

	/**
	 * Forgets the pace of every order the hot state no longer holds in transit (evicted
	 * without an end seen here); returns how many.
	 */
	public int forgetOrdersNotInTransit(DeliveryStates deliveries) {
		this.fleet.forgetQuiet();
		int before = this.paces.size();
		this.paces.keySet()
			.removeIf((
					orderId) -> deliveries.find(orderId).map((d) -> d.ended() || !d.status().inTransit()).orElse(true));
		return before - this.paces.size();
	}

	/** Orders whose pace is kept. */
	int paces() {
		return this.paces.size();
	}

	private static Instant plus(Instant at, double seconds) {
		return at.plusMillis(Math.round(seconds * 1000));
	}

}
