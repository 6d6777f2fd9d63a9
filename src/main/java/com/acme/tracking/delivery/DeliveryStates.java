package com.acme.tracking.delivery;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The hot state of every order this replica has seen: lock-free reads, atomic per-order
 * updates ({@link ConcurrentHashMap#compute}).
 */
@Component
public class DeliveryStates {

	private final ConcurrentHashMap<String, Delivery> orders = new ConcurrentHashMap<>();

	private final Clock clock;

	DeliveryStates(Clock clock) {
		this.clock = clock;
	}

	/** Applies an event; returns the order's state after it. */
	public Delivery apply(DeliveryEventReceived event) {
		return this.orders.compute(event.orderId(), (id, current) -> (current == null)
				? Delivery.start(event, this.clock.instant()) : current.apply(event, this.clock.instant()));
	}

	public Optional<Delivery> find(String orderId) {
		return Optional.ofNullable(this.orders.get(orderId));
	}

	/** How many orders the hot state holds. */
	public int size() {
		return this.orders.size();
	}

}
