package com.acme.tracking.live.sse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.acme.tracking.live.LiveSettings;
import com.acme.tracking.live.push.LivePush;
import com.acme.tracking.live.push.StreamCaps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This replica's open SSE streams, by key, and what they share: the writer pool, the
 * timer (send-time limits, each stream's end, heartbeats), the limits and the metrics. A
 * stream that ends, however it ends, gives back its subscription and its slot among its
 * caller's streams. On shutdown every stream ends, so clients reconnect (with
 * {@code Last-Event-ID}) elsewhere.
 */
@Component
class SseStreams implements SmartLifecycle, DisposableBean {

	private final LivePush push;

	private final StreamCaps caps;

	private final Map<String, SseSink> open = new ConcurrentHashMap<>();

	/** When each open stream is closed (token expiry, time limit). */
	private final Map<String, ScheduledFuture<?>> ends = new ConcurrentHashMap<>();

	/**
	 * Writes to streams; never blocks (the writes are non-blocking). Its task queue is
	 * not a queue of messages: a send asks for a write only when none is under way, so it
	 * holds at most one task per event waiting in a stream's own queue, and is bounded by
	 * those ({@link SseSink}).
	 */
	private final ExecutorService writers;

	/** Send-time limits, token expiry and the stream time limit, heartbeats. */
	private final ScheduledThreadPoolExecutor timer;

	private final SseSink.Limits limits;

	private volatile boolean running;

	SseStreams(LivePush push, StreamCaps caps, LiveSettings settings, MeterRegistry meters) {
		this.push = push;
		this.caps = caps;
		this.writers = Executors.newFixedThreadPool(settings.outboundThreads(), (task) -> {
			Thread thread = new Thread(task, "sse-writer");
			thread.setDaemon(true);
			return thread;
		});
		this.timer = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "sse-timer");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.setRemoveOnCancelPolicy(true);
		long heartbeat = settings.heartbeat().toMillis();
		this.timer.scheduleWithFixedDelay(() -> this.open.values().forEach(SseSink::heartbeat), heartbeat, heartbeat,
				TimeUnit.MILLISECONDS);
		Counter slowClosed = Counter.builder("tracking.push.slow.closed")
			.description("Client connections closed because they stopped reading (send limits)")
			.tag("transport", "sse")
			.register(meters);
		this.limits = new SseSink.Limits(settings.sendTimeLimit().toMillis(),
				(int) settings.sendBufferLimit().toBytes(), settings.maxPendingMessages(), this.writers, this.timer,
				slowClosed);
		Gauge.builder("tracking.push.sessions", this.open, Map::size)
			.description("Open client connections")
			.tag("transport", "sse")
			.register(meters);
	}

	/** A new stream under {@code key}, not yet open. */
	SseSink sink(String key) {
		return new SseSink(this.limits, () -> ended(key));
	}

	/** The stream is open: it gets heartbeats, and is closed on shutdown. */
	void opened(String key, SseSink sink) {
		this.open.put(key, sink);
	}

	/**
	 * Closes the stream normally in {@code millis} (its token expires, or its time is
	 * up).
	 */
	void closeIn(String key, SseSink sink, long millis) {
		this.ends.put(key, this.timer.schedule(sink::close, millis, TimeUnit.MILLISECONDS));
		if (!sink.open()) {
			// it ended before its end was scheduled
			ended(key);
		}
	}

	/**
	 * The stream under {@code key} ended (or never opened): it gives back what it held.
	 */
	void ended(String key) {
		this.open.remove(key);
		this.push.unsubscribe(key);
		this.caps.release(key);
		ScheduledFuture<?> end = this.ends.remove(key);
		if (end != null) {
			end.cancel(false);
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Ends every stream on shutdown so clients reconnect (with Last-Event-ID) elsewhere.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.open.values().forEach(SseSink::close);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	@Override
	public void destroy() {
		this.writers.shutdownNow();
		this.timer.shutdownNow();
	}

}
