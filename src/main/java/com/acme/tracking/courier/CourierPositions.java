package com.acme.tracking.courier;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The last known position of every courier, with its recent speed: lock-free reads; an
 * older fix (late or out of order) never replaces a newer one. Observers (the orders a
 * courier carries) hear of every accepted fix, on the ingest thread.
 */
@Component
public class CourierPositions {

	private final ConcurrentHashMap<String, LivePosition> couriers = new ConcurrentHashMap<>();

	private final ObjectProvider<PositionObserver> observerProvider;

	private volatile List<PositionObserver> observers;

	public CourierPositions(ObjectProvider<PositionObserver> observers) {
		this.observerProvider = observers;
	}

	/**
	 * Applies a fix; returns whether it became the courier's position (false for a late
	 * or duplicate one).
	 */
	public boolean apply(Position position) {
		LivePosition before = this.couriers.get(position.courierId());
		if (before != null && !position.newerThan(before.position())) {
			return false;
		}
		LivePosition after = this.couriers.merge(position.courierId(), LivePosition.first(position),
				(current, first) -> position.newerThan(current.position()) ? current.next(position) : current);
		if (after.position() != position) {
			return false;
		}
		for (PositionObserver observer : observers()) {
			observer.moved(after);
		}
		return true;
	}

	public Optional<LivePosition> find(String courierId) {
		return Optional.ofNullable(this.couriers.get(courierId));
	}

	/** Forgets couriers not heard of since {@code cutoff}; returns how many. */
	public int evictSilentSince(Instant cutoff) {
		int before = this.couriers.size();
		this.couriers.values().removeIf((live) -> live.position().recordedAt().isBefore(cutoff));
		return before - this.couriers.size();
	}

	/** How many couriers the hot state holds. */
	public int size() {
		return this.couriers.size();
	}

	private List<PositionObserver> observers() {
		List<PositionObserver> current = this.observers;
		if (current == null) {
			current = this.observerProvider.orderedStream().toList();
			this.observers = current;
		}
		return current;
	}

}
