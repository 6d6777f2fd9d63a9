package com.acme.tracking.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.Position;
import com.acme.tracking.courier.PositionObserver;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The hot state of every order this replica holds: lock-free reads, atomic per-order
 * updates ({@link ConcurrentHashMap#compute}), and for each courier the orders it
 * carries, so that a courier's fix moves exactly those orders. Observers hear of each
 * visible change.
 */
@Component
public class DeliveryStates implements PositionObserver {

	private final ConcurrentHashMap<String, Delivery> orders = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Set<String>> ordersByCourier = new ConcurrentHashMap<>();

	private final CourierPositions couriers;

	private final TrackingSettings settings;

	private final Clock clock;

	private final ObjectProvider<DeliveryObserver> observerProvider;

	private volatile @Nullable List<DeliveryObserver> observers;

	DeliveryStates(CourierPositions couriers, TrackingSettings settings, Clock clock,
			ObjectProvider<DeliveryObserver> observers) {
		this.couriers = couriers;
		this.settings = settings;
		this.clock = clock;
		this.observerProvider = observers;
	}

	/** Applies an event; returns the order's state after it. */
	public Delivery apply(DeliveryEventReceived event) {
		Instant now = this.clock.instant();
		Delivery[] before = new Delivery[1];
		Delivery after = this.orders.compute(event.orderId(), (id, current) -> {
			before[0] = current;
			return (current == null) ? Delivery.start(event, now) : current.apply(event, now);
		});
		if (after != before[0]) {
			index(before[0], after);
			if (before[0] == null || before[0].version() != after.version()) {
				notify(new DeliveryChanged(before[0], after));
			}
			if (after.status().inTransit() && after.courierId() != null) {
				// The courier may already be inside a radius when it picks the order up.
				this.couriers.find(after.courierId())
					.ifPresent((live) -> approach(after.orderId(), live.position(), now));
			}
		}
		return this.orders.getOrDefault(after.orderId(), after);
	}

	@Override
	public void moved(Position position) {
		Set<String> carried = this.ordersByCourier.get(position.courierId());
		if (carried == null) {
			return;
		}
		Instant now = this.clock.instant();
		for (String orderId : carried) {
			approach(orderId, position, now);
		}
	}

	private void approach(String orderId, Position position, Instant now) {
		Delivery[] before = new Delivery[1];
		Delivery after = this.orders.computeIfPresent(orderId, (id, current) -> {
			before[0] = current;
			return current.approach(position, this.settings.radii(), now);
		});
		if (after != null && after != before[0]) {
			notify(new DeliveryChanged(before[0], after));
		}
	}

	public Optional<Delivery> find(String orderId) {
		return Optional.ofNullable(this.orders.get(orderId));
	}

	/** Calls {@code action} with each order a courier is assigned to or carries now. */
	public void forEachOrderOf(String courierId, java.util.function.Consumer<String> action) {
		Set<String> carried = this.ordersByCourier.get(courierId);
		if (carried != null) {
			carried.forEach(action);
		}
	}

	/** The orders a courier is assigned to or carries now. */
	public Set<String> ordersOf(String courierId) {
		Set<String> carried = this.ordersByCourier.get(courierId);
		return (carried != null) ? Set.copyOf(carried) : Set.of();
	}

	/**
	 * Forgets orders that ended before {@code endedBefore} or were last changed before
	 * {@code idleBefore}; returns how many.
	 */
	public int evict(Instant endedBefore, Instant idleBefore) {
		int evicted = 0;
		for (Delivery delivery : this.orders.values()) {
			Instant endedAt = delivery.endedAt();
			boolean expired = (endedAt != null && endedAt.isBefore(endedBefore))
					|| delivery.updatedAt().isBefore(idleBefore);
			if (expired && this.orders.remove(delivery.orderId(), delivery)) {
				index(delivery, null);
				evicted++;
			}
		}
		return evicted;
	}

	/** How many orders the hot state holds. */
	public int size() {
		return this.orders.size();
	}

	private void index(@Nullable Delivery before, @Nullable Delivery after) {
		String from = (before != null && !before.ended()) ? before.courierId() : null;
		String to = (after != null && !after.ended()) ? after.courierId() : null;
		if (Objects.equals(from, to)) {
			return;
		}
		String orderId = (after != null) ? after.orderId() : Objects.requireNonNull(before).orderId();
		if (from != null) {
			this.ordersByCourier.computeIfPresent(from, (courier, set) -> {
				set.remove(orderId);
				return set.isEmpty() ? null : set;
			});
		}
		if (to != null) {
			this.ordersByCourier.compute(to, (courier, set) -> {
				Set<String> orders = (set != null) ? set : ConcurrentHashMap.newKeySet();
				orders.add(orderId);
				return orders;
			});
		}
	}

	private void notify(DeliveryChanged change) {
		List<DeliveryObserver> current = this.observers;
		if (current == null) {
			current = this.observerProvider.orderedStream().toList();
			this.observers = current;
		}
		for (DeliveryObserver observer : current) {
			observer.changed(change);
		}
	}

}
