package com.acme.tracking.live.push;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The subscriptions of this replica's clients: by key (a STOMP session and subscription
 * id, or an SSE stream id), and by what they follow (an order, or for support a courier).
 * The lists per order and per courier are copy-on-write: the ingest thread walks them on
 * every change without a lock, and subscribing is rare next to that.
 */
@Component
class SubscriptionIndex {

	private final Map<String, List<Subscription>> byOrder = new ConcurrentHashMap<>();

	private final Map<String, List<Subscription>> byCourier = new ConcurrentHashMap<>();

	private final Map<String, Subscription> byKey = new ConcurrentHashMap<>();

	SubscriptionIndex(MeterRegistry meters) {
		Gauge.builder("tracking.push.subscriptions", this.byKey, Map::size)
			.description("Live subscriptions (STOMP and SSE) on this replica")
			.register(meters);
	}

	/**
	 * Adds a subscription to an order.
	 * @throws IllegalStateException when its key is in use
	 */
	void addToOrder(Subscription subscription) {
		add(this.byOrder, subscription);
	}

	/**
	 * Adds a subscription to a courier.
	 * @throws IllegalStateException when its key is in use
	 */
	void addToCourier(Subscription subscription) {
		add(this.byCourier, subscription);
	}

	/** Removes the subscription under {@code key}, if there is one. */
	void remove(String key) {
		Subscription subscription = this.byKey.remove(key);
		if (subscription != null) {
			remove(this.byOrder, subscription);
			remove(this.byCourier, subscription);
		}
	}

	/** Whether the subscription is still there (not unsubscribed). */
	boolean contains(Subscription subscription) {
		return this.byKey.containsKey(subscription.key);
	}

	/** The subscriptions to an order; null when there are none. */
	@Nullable List<Subscription> ofOrder(String orderId) {
		return this.byOrder.get(orderId);
	}

	/** The subscriptions to a courier; null when there are none. */
	@Nullable List<Subscription> ofCourier(String courierId) {
		return this.byCourier.get(courierId);
	}

	private void add(Map<String, List<Subscription>> index, Subscription subscription) {
		if (this.byKey.putIfAbsent(subscription.key, subscription) != null) {
			// a second subscription under one key could never be removed
			throw new IllegalStateException("Subscription key in use: " + subscription.key);
		}
		index.computeIfAbsent(subscription.target, (t) -> new CopyOnWriteArrayList<>()).add(subscription);
	}

	private static void remove(Map<String, List<Subscription>> index, Subscription subscription) {
		index.computeIfPresent(subscription.target, (target, list) -> {
			list.remove(subscription);
			return list.isEmpty() ? null : list;
		});
	}

}
