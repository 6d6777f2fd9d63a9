package com.acme.tracking.live.sse;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.acme.tracking.live.push.Sink;
import io.micrometer.core.instrument.Counter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One SSE stream, written without blocking ({@link SseResponse}): no thread ever waits
 * for a client. Messages join this stream's queue; whichever thread finds the stream
 * writable (a writer-pool task after a send, or the container's
 * {@link SseResponse#onWritePossible}) writes what waits, each message as an event
 * ({@link SseEvents}) with the order's state version as its id, in order.
 *
 * <p>
 * The limits are the WebSocket sessions' (the STOMP side's {@code NonBlockingSession}): a
 * write that the socket has not taken within the send-time limit, or more than the
 * pending-message or send-buffer limit waiting, means the client stopped reading. The
 * stream is then closed at once (the connection dropped, nothing more written to it) and
 * counted in {@code tracking.push.slow.closed{transport=sse}}. {@link #close()} ends a
 * stream normally: what waits is written, then the response completes.
 *
 * <p>
 * Longer than most of our classes: the queue, the one writer at a time, the stall check
 * and the ways a stream ends are one state machine under one lock, easier to check read
 * together.
 */
final class SseSink implements Sink {

	private static final Log log = LogFactory.getLog(SseSink.class);

	/** The limits and the shared threads of every stream ({@link SseStreams}). */
	record Limits(long sendTimeLimitMillis, int maxBytes, int maxMessages, Executor writers,
			ScheduledExecutorService timer, Counter slowClosed) {
	}

	private final Limits limits;

	/** Called once when the stream has ended, however it ended. */
	private final Runnable ended;

	private final AtomicBoolean endedOnce = new AtomicBoolean();

	/** Whether a thread is writing now: at most one at a time. */
	private final AtomicBoolean writing = new AtomicBoolean();

	/**
	 * The events the client has not taken yet (guarded by this). The only queue of a push
	 * to an SSE stream, and the one that fills when the client stops reading: bounded by
	 * {@code max-pending-messages} events and {@code send-buffer-limit} bytes, past
	 * either the stream is closed as slow.
	 */
	private final ArrayDeque<byte[]> queue = new ArrayDeque<>();

	private int queuedBytes;

	/** Written since the last flush (the response headers count: they go first). */
	private boolean unflushed = true;

	/** The socket took nothing since the container last said it may write. */
	private boolean stalled;

	private @Nullable ScheduledFuture<?> stallCheck;

	/** Normal close asked for: complete once what waits is written. */
	private boolean closing;

	/** Over: nothing is written any more. */
	private boolean over;

	/** Null until the response started. */
	private @Nullable SseResponse response;

	SseSink(Limits limits, Runnable ended) {
		this.limits = limits;
		this.ended = ended;
	}

	/**
	 * Starts the response. Messages sent before are queued and go first.
	 * @param timeoutMillis the container's own limit on the stream's life (a backstop:
	 * the stream is closed before)
	 */
	void start(HttpServletRequest request, HttpServletResponse response, long timeoutMillis) throws IOException {
		SseResponse started = SseResponse.start(request, response, timeoutMillis, this);
		synchronized (this) {
			this.response = started;
		}
		started.listen();
	}

	@Override
	public void send(String type, byte[] body, long version) {
		enqueue(SseEvents.event(type, body, version), false);
	}

	/**
	 * Sends a comment line when nothing waits, so that a client that went away without
	 * closing cleanly is found by the failing write and its stream ends.
	 */
	void heartbeat() {
		enqueue(SseEvents.HEARTBEAT, true);
	}

	private void enqueue(byte[] event, boolean onlyWhenIdle) {
		boolean overflow;
		boolean writable;
		synchronized (this) {
			if (this.over || this.closing || (onlyWhenIdle && (!this.queue.isEmpty() || this.response == null))) {
				return;
			}
			this.queue.add(event);
			this.queuedBytes += event.length;
			overflow = this.queue.size() > this.limits.maxMessages() || this.queuedBytes > this.limits.maxBytes();
			// before start, and while stalled, the container's onWritePossible writes
			writable = this.response != null && !this.stalled;
		}
		if (overflow) {
			closeSlow();
			return;
		}
		if (writable && !this.writing.get()) {
			this.limits.writers().execute(this::write);
		}
	}

	@Override
	public synchronized boolean open() {
		return !this.over;
	}

	/** Ends the stream normally: what waits is written first. */
	void close() {
		synchronized (this) {
			if (this.over || this.closing) {
				return;
			}
			this.closing = true;
		}
		this.limits.writers().execute(this::write);
	}

	/** The container says the socket takes writes again. */
	void writePossible() {
		synchronized (this) {
			this.stalled = false;
			if (this.stallCheck != null) {
				this.stallCheck.cancel(false);
				this.stallCheck = null;
			}
		}
		write();
	}

	/**
	 * Writes what waits while the socket takes it. One thread at a time: a thread that
	 * finds another writing leaves the work to it, and that one looks again after it
	 * stopped, so nothing is left behind.
	 */
	private void write() {
		while (this.writing.compareAndSet(false, true)) {
			try {
				drain();
			}
			catch (IOException | RuntimeException ex) {
				log.debug("SSE write failed", ex);
				end(true);
			}
			finally {
				this.writing.set(false);
			}
			synchronized (this) {
				if (this.over || this.response == null || this.stalled
						|| (this.queue.isEmpty() && !this.unflushed && !this.closing)) {
					return;
				}
			}
		}
	}

	private void drain() throws IOException {
		while (true) {
			SseResponse out;
			synchronized (this) {
				out = this.response;
				if (this.over || out == null) {
					return;
				}
				if (this.queue.isEmpty() && !this.unflushed) {
					if (!this.closing) {
						return;
					}
					this.over = true;
				}
				else {
					// until the container says otherwise: its onWritePossible may come
					// before isReady returns
					this.stalled = true;
				}
			}
			if (!open()) {
				// closing, and everything is written
				out.complete();
				return;
			}
			boolean ready = out.isReady();
			byte[] next;
			synchronized (this) {
				if (!ready) {
					if (this.stalled && this.stallCheck == null) {
						this.stallCheck = this.limits.timer()
							.schedule(this::checkStalled, this.limits.sendTimeLimitMillis(), TimeUnit.MILLISECONDS);
					}
					return;
				}
				this.stalled = false;
				next = this.queue.poll();
				if (next != null) {
					this.queuedBytes -= next.length;
					this.unflushed = true;
				}
				else {
					this.unflushed = false;
				}
			}
			if (next != null) {
				out.write(next);
			}
			else {
				out.flush();
			}
		}
	}

	/** The send-time limit passed: still no room on the socket means a slow client. */
	private void checkStalled() {
		synchronized (this) {
			this.stallCheck = null;
			if (!this.stalled || this.over) {
				return;
			}
		}
		closeSlow();
	}

	/**
	 * Closes a client that stopped reading: what waits is dropped and the connection goes
	 * at once (a response completed normally would first wait to write what the container
	 * still holds).
	 */
	void closeSlow() {
		SseResponse out;
		synchronized (this) {
			if (this.over) {
				return;
			}
			this.over = true;
			this.queue.clear();
			this.queuedBytes = 0;
			out = this.response;
		}
		this.limits.slowClosed().increment();
		try {
			if (out != null) {
				out.abort();
			}
		}
		catch (RuntimeException ex) {
			// a container thread is on this request now (Tomcat refuses to start an
			// error dispatch then); it drops the connection when it is done, the error
			// state being set
			log.debug("Could not drop a slow SSE connection at once", ex);
		}
		end(false);
	}

	/**
	 * The stream is over: the subscription and its slot go (once).
	 * @param complete whether the response is to be completed (not when the container
	 * completed it already)
	 */
	void end(boolean complete) {
		SseResponse out;
		synchronized (this) {
			this.over = true;
			this.queue.clear();
			this.queuedBytes = 0;
			if (this.stallCheck != null) {
				this.stallCheck.cancel(false);
				this.stallCheck = null;
			}
			out = this.response;
		}
		if (complete && out != null) {
			out.complete();
		}
		if (this.endedOnce.compareAndSet(false, true)) {
			this.ended.run();
		}
	}

}
