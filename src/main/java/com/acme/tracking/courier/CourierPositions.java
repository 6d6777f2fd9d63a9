package com.acme.tracking.courier;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The last known position of every courier, with its recent speed: lock-free reads; an
 * older fix (late or out of order) never replaces a newer one. Observers hear of every
 * accepted fix, on the ingest thread; they are registered by name where the application
 * is wired ({@link #observe}): the orders a courier carries, and support's subscriptions
 * to a courier.
 */
@Component
public class CourierPositions {

	private final ConcurrentHashMap<String, LivePosition> couriers = new ConcurrentHashMap<>();

	private volatile PositionObserver[] observers = new PositionObserver[0];

	/**
	 * Adds an observer of every accepted fix; call while wiring, before ingest starts.
	 */
	public synchronized void observe(PositionObserver observer) {
		PositionObserver[] next = Arrays.copyOf(this.observers, this.observers.length + 1);
		next[next.length - 1] = observer;
		this.observers = next;
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
		for (PositionObserver observer : this.observers) {
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

}
