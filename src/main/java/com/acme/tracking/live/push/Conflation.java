package com.acme.tracking.live.push;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.acme.tracking.live.LiveSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Positions conflated per subscription: each goes out at once when the subscription's
 * interval allows it ({@link Subscription#offerPosition}), or waits, the newest replacing
 * an older one, until a ticker sends it. A waiting position goes out at most one tick
 * after its due time; a tick is a tenth of {@code position-interval}, from 1 to 10 ms.
 */
@Component
class Conflation implements SmartLifecycle {

	/**
	 * The subscriptions holding a position back, for the ticker. Not a message queue: a
	 * subscription is in it at most once (until its position went out or was dropped),
	 * and holds one position, the newest. So it is bounded by the subscriptions of the
	 * replica, not by {@code max-pending-messages}; an unsubscribed one leaves at the
	 * next tick.
	 */
	private final ConcurrentLinkedQueue<Subscription> waiting = new ConcurrentLinkedQueue<>();

	private final SubscriptionIndex subscriptions;

	private final long intervalNanos;

	private @Nullable ScheduledExecutorService ticker;

	Conflation(SubscriptionIndex subscriptions, LiveSettings settings) {
		this.subscriptions = subscriptions;
		this.intervalNanos = settings.positionInterval().toNanos();
	}

	/** Offers a position to a subscription: sent now, or held for the ticker. */
	void offer(Subscription subscription, byte[] body, long nowNanos) {
		if (subscription.offerPosition(body, nowNanos)) {
			this.waiting.add(subscription);
		}
	}

	private void flushWaiting() {
		long now = System.nanoTime();
		for (int n = this.waiting.size(); n > 0; n--) {
			Subscription subscription = this.waiting.poll();
			if (subscription == null) {
				break;
			}
			if (subscription.flush(now) && this.subscriptions.contains(subscription)) {
				this.waiting.add(subscription);
			}
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors
			.newSingleThreadScheduledExecutor((task) -> new Thread(task, "live-push-conflation"));
		long tick = Math.max(1, Math.min(10, this.intervalNanos / 1_000_000 / 10));
		executor.scheduleWithFixedDelay(this::flushWaiting, tick, tick, TimeUnit.MILLISECONDS);
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

}
