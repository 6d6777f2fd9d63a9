package com.acme.tracking.live.push;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.live.LiveSettings;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The recent status and notification messages of the orders someone subscribed to lately,
 * so that an SSE client resuming with {@code Last-Event-ID} misses no status change: the
 * last {@value #PER_ORDER} of each order, kept until twice the SSE time limit after the
 * order's last subscription, and no longer than the order is in the hot state.
 */
@Component
class ResumeBuffer {

	static final int PER_ORDER = 16;

	private final Map<String, Deque<Recent>> recent = new ConcurrentHashMap<>();

	/**
	 * Orders someone subscribed to lately, and until when their messages are kept for a
	 * resuming client.
	 */
	private final Map<String, Long> watchedUntil = new ConcurrentHashMap<>();

	private final long keepMillis;

	private final DeliveryStates deliveries;

	private final Clock clock;

	ResumeBuffer(DeliveryStates deliveries, LiveSettings settings, Clock clock) {
		this.deliveries = deliveries;
		this.keepMillis = settings.sseTimeout().multipliedBy(2).toMillis();
		this.clock = clock;
	}

	/**
	 * Someone subscribed to the order: its messages are kept from now on, for a while.
	 */
	void watch(String orderId) {
		this.watchedUntil.put(orderId, this.clock.millis() + this.keepMillis);
	}

	/** Keeps an order's new messages, if someone subscribed to it lately. */
	void remember(String orderId, List<Recent> news) {
		Long watched = this.watchedUntil.get(orderId);
		if (watched == null || watched <= this.clock.millis()) {
			return;
		}
		Deque<Recent> messages = this.recent.computeIfAbsent(orderId, (id) -> new ArrayDeque<>());
		synchronized (messages) {
			for (Recent message : news) {
				if (messages.size() == PER_ORDER) {
					messages.removeFirst();
				}
				messages.addLast(message);
			}
		}
	}

	/**
	 * Status and notification messages of an order newer than {@code version}, in order.
	 */
	List<Recent> since(String orderId, long version) {
		Deque<Recent> messages = this.recent.get(orderId);
		if (messages == null) {
			return List.of();
		}
		synchronized (messages) {
			return messages.stream().filter((m) -> m.version() > version).toList();
		}
	}

	/**
	 * Forgets the orders nobody subscribed to lately and those that left the hot state.
	 */
	@Scheduled(initialDelay = 1, fixedDelay = 1, timeUnit = TimeUnit.MINUTES)
	void forgetOldOrders() {
		long now = this.clock.millis();
		this.watchedUntil.values().removeIf((until) -> until < now);
		this.recent.keySet()
			.removeIf((orderId) -> !this.watchedUntil.containsKey(orderId) || this.deliveries.find(orderId).isEmpty());
	}

	/**
	 * A status or notification message kept for resuming clients.
	 *
	 * @param type its type
	 * @param body its JSON
	 * @param version the order's state version it belongs to
	 */
	record Recent(String type, byte[] body, long version) {
	}

}
