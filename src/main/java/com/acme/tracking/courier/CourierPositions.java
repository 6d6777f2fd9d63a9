package com.acme.tracking.courier;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The last known position of every courier: lock-free reads; an older fix (late or out of
 * order) never replaces a newer one.
 */
@Component
public class CourierPositions {

	private final ConcurrentHashMap<String, Position> couriers = new ConcurrentHashMap<>();

	/**
	 * Applies a fix; returns whether it became the courier's position (false for a late
	 * or duplicate one).
	 */
	public boolean apply(Position position) {
		Position before = this.couriers.get(position.courierId());
		if (before != null && !position.newerThan(before)) {
			return false;
		}
		Position after = this.couriers.merge(position.courierId(), position,
				(current, candidate) -> candidate.newerThan(current) ? candidate : current);
		return after == position;
	}

	public Optional<Position> find(String courierId) {
		return Optional.ofNullable(this.couriers.get(courierId));
	}

	/** How many couriers the hot state holds. */
	public int size() {
		return this.couriers.size();
	}

}
