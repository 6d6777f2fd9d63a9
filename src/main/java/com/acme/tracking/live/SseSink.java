package com.acme.tracking.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One SSE stream: messages queue here and one task at a time writes them on the SSE
 * executor, in order, each as an event named by its type with the order's state version
 * as its id (for {@code Last-Event-ID}). A stream with more than the pending limit
 * waiting has stopped reading and is closed.
 */
final class SseSink implements Sink {

	private final SseEmitter emitter;

	private final Executor executor;

	private final int maxPending;

	private final Counter slowClosed;

	private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicBoolean draining = new AtomicBoolean();

	private volatile boolean open = true;

	SseSink(SseEmitter emitter, Executor executor, int maxPending, Counter slowClosed) {
		this.emitter = emitter;
		this.executor = executor;
		this.maxPending = maxPending;
		this.slowClosed = slowClosed;
	}

	@Override
	public void send(String type, byte[] body, long eventId) {
		if (!this.open) {
			return;
		}
		if (this.pending.incrementAndGet() > this.maxPending) {
			this.slowClosed.increment();
			close();
			return;
		}
		this.queue.add(new Event(type, body, eventId));
		if (this.draining.compareAndSet(false, true)) {
			this.executor.execute(this::drain);
		}
	}

	@Override
	public boolean open() {
		return this.open;
	}

	void close() {
		if (this.open) {
			this.open = false;
			this.emitter.complete();
		}
	}

	private void drain() {
		try {
			Event event;
			while (this.open && (event = this.queue.poll()) != null) {
				this.pending.decrementAndGet();
				SseEmitter.SseEventBuilder sse = SseEmitter.event()
					.name(event.type())
					.data(new String(event.body(), StandardCharsets.UTF_8), MediaType.APPLICATION_JSON);
				if (event.eventId() >= 0) {
					sse.id(Long.toString(event.eventId()));
				}
				this.emitter.send(sse);
			}
		}
		catch (IOException | IllegalStateException ex) {
			this.open = false;
		}
		finally {
			this.draining.set(false);
			if (this.open && !this.queue.isEmpty() && this.draining.compareAndSet(false, true)) {
				this.executor.execute(this::drain);
			}
		}
	}

	private record Event(String type, byte[] body, long eventId) {
	}

}
