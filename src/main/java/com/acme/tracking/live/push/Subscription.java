package com.acme.tracking.live.push;

import com.acme.tracking.delivery.Audience;
import org.jspecify.annotations.Nullable;

/**
 * One client's subscription to one order (or, for support, one courier). Messages to it
 * are sent under its lock, so that the snapshot goes first and nothing overtakes it.
 * Positions are conflated: one per interval sustained, the newest waiting one wins;
 * status changes and notifications are never dropped.
 */
final class Subscription {

	final String key;

	final String target;

	final Audience audience;

	final Sink sink;

	private final long intervalNanos;

	/**
	 * The "theoretical arrival time" of a GCRA limiter: advanced by one interval per
	 * position sent. A position may go out up to one interval early (a burst of two), so
	 * a courier that sends once an interval is never held, whatever the jitter of the
	 * path from its phone to us (why a burst of two and not a strict spacing:
	 * BENCHMARKS.md, B3), while the sustained rate stays at one per interval.
	 */
	private long nextAllowedNanos;

	private boolean sentAny;

	private byte @Nullable [] pendingPosition;

	private boolean queued;

	/**
	 * @param key unique key (session and subscription id, or SSE stream id)
	 * @param target the order or courier id
	 * @param audience who the caller is to the order (support for a courier)
	 * @param sink where messages go
	 * @param intervalNanos the conflation interval
	 */
	Subscription(String key, String target, Audience audience, Sink sink, long intervalNanos) {
		this.key = key;
		this.target = target;
		this.audience = audience;
		this.sink = sink;
		this.intervalNanos = intervalNanos;
	}

	/**
	 * Sends a message that is never dropped.
	 * @param version the order's state version it belongs to (see {@link Sink#send})
	 */
	synchronized void send(String type, byte[] body, long version) {
		this.sink.send(type, body, version);
	}

	/**
	 * Offers a position: sent now when the interval since the last one has passed,
	 * otherwise kept (replacing an older waiting one) for {@link #flush}.
	 * @return whether the subscription now waits for a flush and was not waiting before
	 */
	synchronized boolean offerPosition(byte[] body, long nowNanos) {
		if (!this.sentAny || nowNanos - (this.nextAllowedNanos - this.intervalNanos) >= 0) {
			this.nextAllowedNanos = (this.sentAny ? Math.max(this.nextAllowedNanos, nowNanos) : nowNanos)
					+ this.intervalNanos;
			this.sentAny = true;
			this.pendingPosition = null;
			this.sink.send("position", body, -1);
			return false;
		}
		this.pendingPosition = body;
		if (this.queued) {
			return false;
		}
		this.queued = true;
		return true;
	}

	/**
	 * Sends the waiting position if its time has come.
	 * @return whether it still waits
	 */
	synchronized boolean flush(long nowNanos) {
		if (this.pendingPosition == null) {
			this.queued = false;
			return false;
		}
		if (nowNanos - (this.nextAllowedNanos - this.intervalNanos) < 0) {
			return true;
		}
		this.nextAllowedNanos = Math.max(this.nextAllowedNanos, nowNanos) + this.intervalNanos;
		byte[] body = this.pendingPosition;
		this.pendingPosition = null;
		this.queued = false;
		this.sink.send("position", body, -1);
		return false;
	}

	/** Drops a waiting position (the order ended: nobody sees the courier any more). */
	synchronized void dropPendingPosition() {
		this.pendingPosition = null;
	}

}
