package com.acme.tracking.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.Position;
import com.acme.tracking.shared.CustomerIds;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The hot state of every order this replica holds: lock-free reads, atomic per-order
 * updates ({@link ConcurrentHashMap#compute}), and for each courier the orders it
 * carries, so that a courier's fix moves exactly those orders. Positions flow one way:
 * {@link CourierPositions} tells this of each accepted fix ({@link #moved}), this moves
 * the orders of that courier and tells its observers of each order's visible change and
 * of each order whose courier moved ({@link OrderCourierMoved}); observers get what they
 * send in the event and need not query back. Observers are registered by name where the
 * application is wired ({@link #observe}).
 */
@Component
public class DeliveryStates {

	private final ConcurrentHashMap<String, Delivery> orders = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Set<String>> ordersByCourier = new ConcurrentHashMap<>();

	private final CourierPositions couriers;

	private final TrackingSettings settings;

	private final Clock clock;

	private volatile DeliveryObserver[] observers = new DeliveryObserver[0];

	DeliveryStates(CourierPositions couriers, TrackingSettings settings, Clock clock) {
		this.couriers = couriers;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Adds an observer of the orders' changes; call while wiring, before ingest starts.
	 */
	public synchronized void observe(DeliveryObserver observer) {
		DeliveryObserver[] next = Arrays.copyOf(this.observers, this.observers.length + 1);
		next[next.length - 1] = observer;
		this.observers = next;
	}

	/**
	 * Adds the observer that is told before every other, whenever it was added: the ETA's
	 * pace ({@link Eta}), so that an observer that reads the ETA when a courier moves (a
	 * position push) reads it with that fix in the pace, whatever order the wiring ran
	 * in.
	 */
	synchronized void observeFirst(DeliveryObserver observer) {
		DeliveryObserver[] next = new DeliveryObserver[this.observers.length + 1];
		next[0] = observer;
		System.arraycopy(this.observers, 0, next, 1, this.observers.length);
		this.observers = next;
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

	/**
	 * A courier's accepted fix: moves each order the courier is assigned to or carries
	 * (arriving, arrived), then tells the observers that its courier moved.
	 */
	void moved(Position position) {
		Set<String> carried = this.ordersByCourier.get(position.courierId());
		if (carried == null) {
			return;
		}
		Instant now = this.clock.instant();
		for (String orderId : carried) {
			Delivery after = approach(orderId, position, now);
			if (after != null) {
				OrderCourierMoved moved = new OrderCourierMoved(after, position);
				for (DeliveryObserver observer : this.observers) {
					observer.courierMoved(moved);
				}
			}
		}
	}

	private @Nullable Delivery approach(String orderId, Position position, Instant now) {
		Delivery[] before = new Delivery[1];
		Delivery after = this.orders.computeIfPresent(orderId, (id, current) -> {
			before[0] = current;
			return current.approach(position, this.settings.radii(), now);
		});
		if (after != null && after != before[0]) {
			notify(new DeliveryChanged(before[0], after));
		}
		return after;
	}

	/**
	 * The orders this courier is assigned to and that have not ended, as the hot state
	 * holds them now (those it carries are the ones in transit); none for a courier
	 * without orders.
	 */
	public List<Delivery> ofCourier(String courierId) {
		Set<String> assigned = this.ordersByCourier.get(courierId);
		if (assigned == null) {
			return List.of();
		}
		List<Delivery> deliveries = new ArrayList<>(assigned.size());
		for (String orderId : assigned) {
			Delivery delivery = this.orders.get(orderId);
			if (delivery != null) {
				deliveries.add(delivery);
			}
		}
		return deliveries;
	}

	public Optional<Delivery> find(String orderId) {
		return Optional.ofNullable(this.orders.get(orderId));
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

	/**
	 * Renames the customer of every order whose customer is now erased by its pseudonym:
	 * its id no longer reads them and their share links stop working ({@link Audience}).
	 * Returns the ids of the orders renamed.
	 */
	public List<String> forgetErased(CustomerIds customers) {
		List<String> renamed = new ArrayList<>();
		for (Delivery delivery : this.orders.values()) {
			String customerId = delivery.customerId();
			if (customerId != null && !CustomerIds.isPseudonym(customerId) && customers.erased(customerId)) {
				String pseudonym = customers.pseudonym(customerId);
				this.orders.computeIfPresent(delivery.orderId(),
						(id, current) -> customerId.equals(current.customerId()) ? current.withCustomer(pseudonym)
								: current);
				renamed.add(delivery.orderId());
			}
		}
		return renamed;
	}

	/** The orders of this customer the hot state holds (by id or pseudonym). */
	public List<String> ordersOf(String customerId, String pseudonym) {
		List<String> found = new ArrayList<>();
		for (Delivery delivery : this.orders.values()) {
			if (customerId.equals(delivery.customerId()) || pseudonym.equals(delivery.customerId())) {
				found.add(delivery.orderId());
			}
		}
		return found;
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
		for (DeliveryObserver observer : this.observers) {
			observer.changed(change);
		}
	}

}
