package com.acme.tracking.live.sse;

import java.io.IOException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * The Servlet side of one SSE stream: an asynchronous {@code text/event-stream} response
 * written without blocking, and what the container says of it (writable again, failed,
 * timed out, complete), handed on to the stream's {@link SseSink}.
 */
final class SseResponse implements WriteListener, AsyncListener {

	private final SseSink sink;

	private final AsyncContext async;

	private final ServletOutputStream out;

	/** Drops the connection at once ({@link SseConnections}); null outside Tomcat. */
	private final @Nullable Runnable abort;

	private SseResponse(SseSink sink, AsyncContext async, ServletOutputStream out, @Nullable Runnable abort) {
		this.sink = sink;
		this.async = async;
		this.out = out;
		this.abort = abort;
	}

	/**
	 * Starts the response: asynchronous, {@code text/event-stream}.
	 * @param timeoutMillis the container's own limit on the stream's life (a backstop:
	 * streams are closed before)
	 */
	static SseResponse start(HttpServletRequest request, HttpServletResponse response, long timeoutMillis, SseSink sink)
			throws IOException {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("text/event-stream");
		AsyncContext context = request.startAsync(request, response);
		context.setTimeout(timeoutMillis);
		SseResponse started = new SseResponse(sink, context, response.getOutputStream(),
				(request.getAttribute(SseConnections.ABORT) instanceof Runnable closer) ? closer : null);
		context.addListener(started);
		return started;
	}

	/**
	 * From here on every write is non-blocking: the container calls
	 * {@link #onWritePossible} when the first may go.
	 */
	void listen() {
		this.out.setWriteListener(this);
	}

	/** Whether a write may go now; if not, the container calls back when it may. */
	boolean isReady() {
		return this.out.isReady();
	}

	void write(byte[] bytes) throws IOException {
		this.out.write(bytes);
	}

	void flush() throws IOException {
		this.out.flush();
	}

	/** Ends the response normally (what the container still holds is written first). */
	void complete() {
		try {
			this.async.complete();
		}
		catch (IllegalStateException ex) {
			// already completing (the container's own error or timeout)
		}
	}

	/**
	 * Drops the connection at once; the container then ends the request with an error
	 * ({@link #onError(AsyncEvent)}, {@link #onComplete}). Without the means to, it
	 * completes.
	 */
	void abort() {
		if (this.abort != null) {
			this.abort.run();
		}
		else {
			complete();
		}
	}

	@Override
	public void onWritePossible() {
		this.sink.writePossible();
	}

	@Override
	public void onError(Throwable failure) {
		// the client went away, or the container gave up on a write
		this.sink.end(true);
	}

	@Override
	public void onComplete(AsyncEvent event) {
		this.sink.end(false);
	}

	@Override
	public void onTimeout(AsyncEvent event) {
		if (this.abort != null) {
			this.abort.run();
		}
		this.sink.end(true);
	}

	@Override
	public void onError(AsyncEvent event) {
		this.sink.end(true);
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

}
