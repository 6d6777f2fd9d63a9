package com.acme.tracking.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.acme.tracking.live.push.Sink;
import io.micrometer.core.instrument.Counter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One SSE stream, written with the Servlet container's non-blocking output: no thread
 * ever waits for a client. Messages join this stream's queue; whichever thread finds the
 * stream writable (a writer-pool task after a send, or the container's
 * {@link #onWritePossible}) writes what waits, each message as an event named by its type
 * with the order's state version as its id (for {@code Last-Event-ID}), in order. The
 * wire format is {@code SseEmitter}'s: {@code event:}, {@code data:}, {@code id:} lines
 * and a blank line.
 *
 * <p>
 * The limits are the WebSocket sessions' ({@link NonBlockingSession}): a write that the
 * socket has not taken within the send-time limit, or more than the pending-message or
 * send-buffer limit waiting, means the client stopped reading. The stream is then closed
 * at once (the connection dropped, nothing more written to it) and counted in
 * {@code tracking.push.slow.closed{transport=sse}}. {@link #close()} ends a stream
 * normally: what waits is written, then the response completes.
 */
final class SseSink implements Sink, WriteListener, AsyncListener {

	private static final Log log = LogFactory.getLog(SseSink.class);

	private static final byte[] NEWLINE_DATA = "\ndata:".getBytes(StandardCharsets.UTF_8);

	/** An SSE comment: clients ignore it. */
	private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.UTF_8);

	/** The limits and the shared threads of every stream. */
	record Limits(long sendTimeLimitMillis, int maxBytes, int maxMessages, Executor writers,
			ScheduledExecutorService timer, Counter slowClosed) {
	}

	private final Limits limits;

	/** Called once when the stream has ended, however it ended. */
	private final Runnable ended;

	private final AtomicBoolean endedOnce = new AtomicBoolean();

	/** Whether a thread is writing now: at most one at a time. */
	private final AtomicBoolean writing = new AtomicBoolean();

	// guarded by this
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

	private @Nullable AsyncContext async;

	private @Nullable ServletOutputStream out;

	private @Nullable Runnable abort;

	SseSink(Limits limits, Runnable ended) {
		this.limits = limits;
		this.ended = ended;
	}

	/**
	 * Starts the response: asynchronous, {@code text/event-stream}, written without
	 * blocking. Messages sent before are queued and go first.
	 * @param request the request
	 * @param response its response
	 * @param timeoutMillis the container's own limit on the stream's life (a backstop:
	 * the controller closes streams itself before)
	 */
	void start(HttpServletRequest request, HttpServletResponse response, long timeoutMillis) throws IOException {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("text/event-stream");
		AsyncContext context = request.startAsync(request, response);
		context.setTimeout(timeoutMillis);
		context.addListener(this);
		ServletOutputStream stream = response.getOutputStream();
		synchronized (this) {
			this.async = context;
			this.out = stream;
			this.abort = (request.getAttribute(SseConnections.ABORT) instanceof Runnable closer) ? closer : null;
		}
		// from here on every write is non-blocking; the container calls
		// onWritePossible when the first may go
		stream.setWriteListener(this);
	}

	@Override
	public void send(String type, byte[] body, long version) {
		enqueue(event(type, body, version), false);
	}

	/**
	 * Sends a comment line when nothing waits, so that a client that went away without
	 * closing cleanly is found by the failing write and its stream ends.
	 */
	void heartbeat() {
		enqueue(HEARTBEAT, true);
	}

	private void enqueue(byte[] event, boolean onlyWhenIdle) {
		boolean overflow;
		boolean writable;
		synchronized (this) {
			if (this.over || this.closing || (onlyWhenIdle && (!this.queue.isEmpty() || this.out == null))) {
				return;
			}
			this.queue.add(event);
			this.queuedBytes += event.length;
			overflow = this.queue.size() > this.limits.maxMessages() || this.queuedBytes > this.limits.maxBytes();
			// before start, and while stalled, the container's onWritePossible writes
			writable = this.out != null && !this.stalled;
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

	@Override
	public void onWritePossible() {
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
				if (this.over || this.out == null || this.stalled
						|| (this.queue.isEmpty() && !this.unflushed && !this.closing)) {
					return;
				}
			}
		}
	}

	private void drain() throws IOException {
		while (true) {
			ServletOutputStream stream;
			synchronized (this) {
				stream = this.out;
				if (this.over || stream == null) {
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
				complete();
				return;
			}
			boolean ready = stream.isReady();
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
				stream.write(next);
			}
			else {
				stream.flush();
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
		Runnable closer;
		synchronized (this) {
			if (this.over) {
				return;
			}
			this.over = true;
			this.queue.clear();
			this.queuedBytes = 0;
			closer = this.abort;
		}
		this.limits.slowClosed().increment();
		try {
			if (closer != null) {
				// the container then ends the request with an error: onError, onComplete
				closer.run();
			}
			else {
				complete();
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

	private void complete() {
		AsyncContext context;
		synchronized (this) {
			context = this.async;
		}
		if (context != null) {
			try {
				context.complete();
			}
			catch (IllegalStateException ex) {
				// already completing (the container's own error or timeout)
			}
		}
	}

	/** The stream is over: the subscription and its slot go (once). */
	private void end(boolean complete) {
		synchronized (this) {
			this.over = true;
			this.queue.clear();
			this.queuedBytes = 0;
			if (this.stallCheck != null) {
				this.stallCheck.cancel(false);
				this.stallCheck = null;
			}
		}
		if (complete) {
			complete();
		}
		if (this.endedOnce.compareAndSet(false, true)) {
			this.ended.run();
		}
	}

	@Override
	public void onError(Throwable failure) {
		// the client went away, or the container gave up on a write
		end(true);
	}

	@Override
	public void onComplete(AsyncEvent event) {
		end(false);
	}

	@Override
	public void onTimeout(AsyncEvent event) {
		Runnable closer;
		synchronized (this) {
			closer = this.abort;
		}
		if (closer != null) {
			closer.run();
		}
		end(true);
	}

	@Override
	public void onError(AsyncEvent event) {
		end(true);
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

	/** One event as SseEmitter writes it: a multi-line body gets one data: per line. */
	static byte[] event(String type, byte[] body, long eventId) {
		ByteArrayOutputStream event = new ByteArrayOutputStream(body.length + type.length() + 32);
		event.writeBytes(("event:" + type + "\ndata:").getBytes(StandardCharsets.UTF_8));
		int from = 0;
		for (int i = 0; i < body.length; i++) {
			if (body[i] == '\n') {
				event.write(body, from, i - from);
				event.writeBytes(NEWLINE_DATA);
				from = i + 1;
			}
		}
		event.write(body, from, body.length - from);
		event.write('\n');
		if (eventId >= 0) {
			event.writeBytes(("id:" + eventId + "\n").getBytes(StandardCharsets.UTF_8));
		}
		event.write('\n');
		return event.toByteArray();
	}

}
