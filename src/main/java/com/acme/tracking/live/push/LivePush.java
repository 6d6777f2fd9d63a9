package com.acme.tracking.live.push;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.acme.tracking.access.Caller;
import com.acme.tracking.courier.Position;
import com.acme.tracking.delivery.Audience;
import com.acme.tracking.delivery.CourierVisibility;
import com.acme.tracking.delivery.Delivery;
import com.acme.tracking.delivery.DeliveryChanged;
import com.acme.tracking.delivery.DeliveryObserver;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.OrderCourierMoved;
import com.acme.tracking.delivery.OrderTracking;
import com.acme.tracking.delivery.RenderedTracking;
import com.acme.tracking.live.LiveSettings;
import com.acme.tracking.live.push.ResumeBuffer.Recent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The fan-out from the hot state to this replica's subscriptions. The hot state tells it,
 * on the ingest thread, of every visible change of an order and of every order whose
 * courier moved (with the order's state, so it never queries back); the courier state
 * tells it of every fix, for support's courier subscriptions ({@link LiveWiring}). It
 * serializes each message once and hands it, without blocking, to each subscription that
 * may see it ({@link CourierVisibility}): positions through the {@link Conflation},
 * status and notification messages at once, and into the {@link ResumeBuffer}. STOMP and
 * SSE subscribe here with a {@link Sink} of their own.
 */
@Component
public class LivePush implements DeliveryObserver {

	private final SubscriptionIndex subscriptions;

	private final ResumeBuffer resume;

	private final Conflation conflation;

	private final DeliveryStates deliveries;

	private final OrderTracking tracking;

	private final PushMessages messages;

	private final long intervalNanos;

	private final Timer latency;

	private final Clock clock;

	LivePush(SubscriptionIndex subscriptions, ResumeBuffer resume, Conflation conflation, DeliveryStates deliveries,
			OrderTracking tracking, JsonMapper json, LiveSettings settings, Clock clock, MeterRegistry meters) {
		this.subscriptions = subscriptions;
		this.resume = resume;
		this.conflation = conflation;
		this.deliveries = deliveries;
		this.tracking = tracking;
		this.messages = new PushMessages(json);
		this.intervalNanos = settings.positionInterval().toNanos();
		this.clock = clock;
		this.latency = Timer.builder("tracking.push.latency")
			.description("From a position's device time to its hand-over to a client's connection")
			.publishPercentileHistogram()
			.serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1))
			.register(meters);
	}

	/**
	 * Subscribes to an order: the snapshot is sent first, then (for a resuming client)
	 * the status and notification messages newer than {@code resumeAfter}, then the
	 * order's messages as they come.
	 * @param key the subscription's key, unique on this replica
	 * @param resumeAfter the last state version the client saw, or -1
	 * @return false when the caller may not see the order, or it does not exist (nothing
	 * is sent)
	 */
	public boolean subscribeOrder(String key, String orderId, Caller caller, Sink sink, long resumeAfter) {
		RenderedTracking visible = this.tracking.find(orderId, caller).orElse(null);
		if (visible == null) {
			return false;
		}
		Subscription subscription = new Subscription(key, orderId, visible.audience(), sink, this.intervalNanos);
		this.resume.watch(orderId);
		synchronized (subscription) {
			// The snapshot is rendered once the subscription is in the index, and sent
			// under its lock: a change before is in it, a change after follows it.
			this.subscriptions.addToOrder(subscription);
			RenderedTracking now = this.deliveries.find(orderId)
				.map((delivery) -> this.tracking.render(delivery, subscription.audience))
				.orElse(visible);
			subscription.send("snapshot", this.messages.snapshot(orderId, now.tracking()), now.delivery().version());
			if (resumeAfter >= 0) {
				for (Recent missed : this.resume.since(orderId, resumeAfter)) {
					subscription.send(missed.type(), missed.body(), missed.version());
				}
			}
		}
		return true;
	}

	/**
	 * Subscribes support to a courier's positions. There is no snapshot: the first
	 * message is the courier's next accepted fix.
	 * @param key the subscription's key, unique on this replica
	 */
	public void subscribeCourier(String key, String courierId, Sink sink) {
		Subscription subscription = new Subscription(key, courierId, Audience.SUPPORT, sink, this.intervalNanos);
		synchronized (subscription) {
			this.subscriptions.addToCourier(subscription);
		}
	}

	/** Ends the subscription under {@code key}; an unknown key: nothing. */
	public void unsubscribe(String key) {
		this.subscriptions.remove(key);
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
		this.resume.remember(orderId, news);
		List<Subscription> subscriptions = this.subscriptions.ofOrder(orderId);
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
		List<Subscription> subscriptions = this.subscriptions.ofCourier(position.courierId());
		if (subscriptions == null) {
			return;
		}
		long now = System.nanoTime();
		byte[] body = this.messages.courierPosition(position.courierId(), this.tracking.location(position));
		for (Subscription subscription : subscriptions) {
			this.conflation.offer(subscription, body, now);
		}
		recordLatency(position);
	}

	/** An order's courier moved: to the order's subscriptions that may see it. */
	@Override
	public void courierMoved(OrderCourierMoved moved) {
		Delivery delivery = moved.delivery();
		List<Subscription> subscriptions = this.subscriptions.ofOrder(delivery.orderId());
		if (subscriptions == null) {
			return;
		}
		long now = System.nanoTime();
		Position position = moved.position();
		byte[] body = null;
		for (Subscription subscription : subscriptions) {
			if (CourierVisibility.showsPosition(delivery, subscription.audience, position)) {
				if (body == null) {
					body = this.messages.position(delivery.orderId(), this.tracking.location(position),
							this.tracking.estimate(delivery));
					recordLatency(position);
				}
				this.conflation.offer(subscription, body, now);
			}
		}
	}

	private void recordLatency(Position position) {
		this.latency.record(Duration.between(position.recordedAt(), this.clock.instant()));
	}

}
