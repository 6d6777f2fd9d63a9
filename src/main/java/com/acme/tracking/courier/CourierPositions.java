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
		if (before != null && !before.supersededBy(position)) {
			return false;
		}
		LivePosition[] accepted = new LivePosition[1];
		this.couriers.compute(position.courierId(), (id, current) -> {
			if (current == null || current.supersededBy(position)) {
				accepted[0] = (current == null) ? LivePosition.first(position) : current.next(position);
				return accepted[0];
			}
			return current;
		});
		if (accepted[0] == null) {
			return false;
		}
		for (PositionObserver observer : observers()) {
			observer.moved(position);
		}
		return true;
	}

	public Optional<LivePosition> find(String courierId) {
		return Optional.ofNullable(this.couriers.get(courierId));
	}

	/** Forgets couriers not heard of since {@code cutoff}; returns how many. */
	public int evictSilentSince(Instant cutoff) {
		int before = this.couriers.size();
		this.couriers.values().removeIf((live) -> live.recordedAt().isBefore(cutoff));
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
