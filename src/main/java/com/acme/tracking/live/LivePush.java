package com.acme.tracking.live;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.acme.tracking.access.Caller;
import com.acme.tracking.courier.Position;
import com.acme.tracking.delivery.Audience;
import com.acme.tracking.delivery.CourierVisibility;
import com.acme.tracking.delivery.Delivery;
import com.acme.tracking.delivery.DeliveryChanged;
import com.acme.tracking.delivery.DeliveryObserver;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.OrderCourierMoved;
import com.acme.tracking.delivery.RenderedTracking;
import com.acme.tracking.delivery.OrderTracking;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The subscriptions of this replica's clients and the fan-out to them. The hot state
 * tells it, on the ingest thread, of every visible change of an order and of every order
 * whose courier moved (with the order's state, so it never queries back); the courier
 * state tells it of every fix, for support's courier subscriptions. It serializes each
 * message once and hands it to each subscription that may see it
 * ({@link CourierVisibility}), without blocking. Positions are conflated per
 * subscription; a ticker sends the ones that waited. Recent status and notification
 * messages of orders someone subscribed to lately are kept so that an SSE client resuming
 * with {@code Last-Event-ID} misses no status change.
 */
@Component
public class LivePush implements DeliveryObserver, SmartLifecycle {

	private static final int RECENT_PER_ORDER = 16;

	private final Map<String, List<Subscription>> byOrder = new ConcurrentHashMap<>();

	private final Map<String, List<Subscription>> byCourier = new ConcurrentHashMap<>();

	private final Map<String, Subscription> byKey = new ConcurrentHashMap<>();

	private final Map<String, Deque<Recent>> recent = new ConcurrentHashMap<>();

	/**
	 * Orders someone subscribed to lately, and until when their messages are kept for a
	 * resuming client (twice the SSE timeout after the last subscription).
	 */
	private final Map<String, Long> watchedUntil = new ConcurrentHashMap<>();

	private final long keepRecentMillis;

	private final ConcurrentLinkedQueue<Subscription> waiting = new ConcurrentLinkedQueue<>();

	private final DeliveryStates deliveries;

	private final OrderTracking tracking;

	private final PushMessages messages;

	private final long intervalNanos;

	private final Timer latency;

	private final Clock clock;

	private @Nullable ScheduledExecutorService ticker;

	LivePush(DeliveryStates deliveries, OrderTracking tracking, JsonMapper json, LiveSettings settings, Clock clock,
			MeterRegistry meters) {
		this.deliveries = deliveries;
		this.tracking = tracking;
		this.messages = new PushMessages(json);
		this.intervalNanos = settings.positionInterval().toNanos();
		this.keepRecentMillis = settings.sseTimeout().multipliedBy(2).toMillis();
		this.clock = clock;
		this.latency = Timer.builder("tracking.push.latency")
			.description("From a position's device time to its hand-over to a client's connection")
			.publishPercentileHistogram()
			.serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1))
			.register(meters);
		Gauge.builder("tracking.push.subscriptions", this.byKey, Map::size)
			.description("Live subscriptions (STOMP and SSE) on this replica")
			.register(meters);
	}

	/**
	 * Subscribes to an order: the snapshot is sent first, then (for a resuming client)
	 * the status and notification messages newer than {@code resumeAfter}, then the
	 * order's messages as they come.
	 * @param resumeAfter the last state version the client saw, or -1
	 * @return null when the caller may not see the order (nothing is sent)
	 */
	@Nullable Subscription subscribeOrder(String key, String orderId, Caller caller, Sink sink, long resumeAfter) {
		RenderedTracking visible = this.tracking.find(orderId, caller).orElse(null);
		if (visible == null) {
			return null;
		}
		Subscription subscription = new Subscription(key, orderId, visible.audience(), sink, this.intervalNanos);
		this.watchedUntil.put(orderId, this.clock.millis() + this.keepRecentMillis);
		synchronized (subscription) {
			add(this.byOrder, orderId, subscription);
			RenderedTracking now = this.deliveries.find(orderId)
				.map((delivery) -> this.tracking.render(delivery, subscription.audience))
				.orElse(visible);
			subscription.send("snapshot", this.messages.snapshot(orderId, now.tracking()), now.delivery().version());
			if (resumeAfter >= 0) {
				for (Recent missed : since(orderId, resumeAfter)) {
					subscription.send(missed.type(), missed.body(), missed.version());
				}
			}
		}
		return subscription;
	}

	/**
	 * Subscribes support to a courier's positions; the first message is its last
	 * position.
	 */
	Subscription subscribeCourier(String key, String courierId, Sink sink) {
		Subscription subscription = new Subscription(key, courierId, Audience.SUPPORT, sink, this.intervalNanos);
		synchronized (subscription) {
			add(this.byCourier, courierId, subscription);
		}
		return subscription;
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

	void unsubscribe(String key) {
		Subscription subscription = this.byKey.remove(key);
		if (subscription != null) {
			remove(this.byOrder, subscription);
			remove(this.byCourier, subscription);
		}
	}

	@Override
	public void changed(DeliveryChanged change) {
		Delivery after = change.after();
		String orderId = after.orderId();
		List<Recent> news = new ArrayList<>(2);
		if (change.statusChanged()) {
			news.add(new Recent("status", this.messages.status(orderId, after.status(), after.statusAt()),
					after.version()));
		}
		if (change.becameArriving()) {
			news.add(new Recent("notification", this.messages.notification(orderId, "ARRIVING", after.arrivingAt()),
					after.version()));
		}
		if (change.becameArrived()) {
			news.add(new Recent("notification", this.messages.notification(orderId, "ARRIVED", after.arrivedAt()),
					after.version()));
		}
		if (news.isEmpty()) {
			return;
		}
		Long watched = this.watchedUntil.get(orderId);
		if (watched != null && watched > this.clock.millis()) {
			remember(orderId, news);
		}
		List<Subscription> subscriptions = this.byOrder.get(orderId);
		if (subscriptions == null) {
			return;
		}
		for (Subscription subscription : subscriptions) {
			if (after.ended()) {
				subscription.dropPendingPosition();
			}
			for (Recent message : news) {
				subscription.send(message.type(), message.body(), message.version());
			}
		}
	}

	/** A courier's accepted fix, to support's subscriptions to that courier. */
	void courierPositioned(Position position) {
		List<Subscription> subscriptions = this.byCourier.get(position.courierId());
		if (subscriptions == null) {
			return;
		}
		long now = System.nanoTime();
		byte[] body = this.messages.courierPosition(position.courierId(), this.tracking.location(position));
		for (Subscription subscription : subscriptions) {
			offer(subscription, body, now);
		}
		recordLatency(position);
	}

	/** An order's courier moved: to the order's subscriptions that may see it. */
	@Override
	public void courierMoved(OrderCourierMoved moved) {
		Delivery delivery = moved.delivery();
		List<Subscription> subscriptions = this.byOrder.get(delivery.orderId());
		if (subscriptions == null) {
			return;
		}
		long now = System.nanoTime();
		Position position = moved.position();
		byte[] body = null;
		for (Subscription subscription : subscriptions) {
			if (CourierVisibility.showsPosition(delivery, subscription.audience, position)) {
				if (body == null) {
					body = this.messages.position(delivery.orderId(), this.tracking.location(position));
					recordLatency(position);
				}
				offer(subscription, body, now);
			}
		}
	}

	private void offer(Subscription subscription, byte[] body, long now) {
		if (subscription.offerPosition(body, now)) {
			this.waiting.add(subscription);
		}
	}

	private void recordLatency(Position position) {
		this.latency.record(Duration.between(position.recordedAt(), this.clock.instant()));
	}

	private void flushWaiting() {
		long now = System.nanoTime();
		for (int n = this.waiting.size(); n > 0; n--) {
			Subscription subscription = this.waiting.poll();
			if (subscription == null) {
				break;
			}
			if (subscription.flush(now) && this.byKey.containsKey(subscription.key)) {
				this.waiting.add(subscription);
			}
		}
	}

	private void forgetEndedOrders() {
		long now = this.clock.millis();
		this.watchedUntil.values().removeIf((until) -> until < now);
		this.recent.keySet()
			.removeIf((orderId) -> !this.watchedUntil.containsKey(orderId) || this.deliveries.find(orderId).isEmpty());
	}

	private void remember(String orderId, List<Recent> news) {
		Deque<Recent> messages = this.recent.computeIfAbsent(orderId, (id) -> new ArrayDeque<>());
		synchronized (messages) {
			for (Recent message : news) {
				if (messages.size() == RECENT_PER_ORDER) {
					messages.removeFirst();
				}
				messages.addLast(message);
			}
		}
	}

	private void add(Map<String, List<Subscription>> index, String target, Subscription subscription) {
		if (this.byKey.putIfAbsent(subscription.key, subscription) != null) {
			// a second subscription under one key could never be removed
			throw new IllegalStateException("Subscription key in use: " + subscription.key);
		}
		index.computeIfAbsent(target, (t) -> new CopyOnWriteArrayList<>()).add(subscription);
	}

	private static void remove(Map<String, List<Subscription>> index, Subscription subscription) {
		index.computeIfPresent(subscription.target, (target, list) -> {
			list.remove(subscription);
			return list.isEmpty() ? null : list;
		});
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors
			.newSingleThreadScheduledExecutor((task) -> new Thread(task, "live-push-conflation"));
		// A waiting position goes out at most one tick after its due time.
		long tick = Math.max(1, Math.min(10, this.intervalNanos / 1_000_000 / 10));
		executor.scheduleWithFixedDelay(this::flushWaiting, tick, tick, TimeUnit.MILLISECONDS);
		executor.scheduleWithFixedDelay(this::forgetEndedOrders, 1, 1, TimeUnit.MINUTES);
		this.ticker = executor;
	}

	@Override
	public void stop() {
		if (this.ticker != null) {
			this.ticker.shutdownNow();
			this.ticker = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.ticker != null;
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
