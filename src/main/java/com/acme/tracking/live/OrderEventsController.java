package com.acme.tracking.live;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.acme.tracking.access.AuditLog;
import com.acme.tracking.access.Caller;
import com.acme.tracking.live.push.LivePush;
import com.acme.tracking.live.push.StreamCaps;
import com.acme.tracking.shared.web.NotFound;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The push stream of one order as Server-Sent Events: the same messages and the same
 * authorization as STOMP. Each snapshot, status and notification event carries the
 * order's state version as its id; reconnecting with {@code Last-Event-ID} sends the
 * snapshot and then every status and notification message newer than that id.
 *
 * <p>
 * Streams are written without blocking ({@link SseSink}) and closed by the WebSocket send
 * limits when their client stops reading. A stream ends when the JWT it was opened with
 * expires, or after the SSE time limit; an idle stream gets a comment line every
 * heartbeat, so a client that vanished is found. A caller holds a limited number of
 * streams and STOMP sessions at once ({@link StreamCaps}): past it, 429. A support
 * agent's stream is audited like a REST read (channel {@code sse}).
 */
@RestController
@Tag(name = "Live push")
class OrderEventsController implements DisposableBean, SmartLifecycle {

	private final LivePush push;

	private final LiveSettings settings;

	private final AuditLog audit;

	private final StreamCaps caps;

	private final Clock clock;

	/** The open streams, by key; and when each is closed (token expiry, time limit). */
	private final Map<String, SseSink> streams = new ConcurrentHashMap<>();

	private final Map<String, ScheduledFuture<?>> ends = new ConcurrentHashMap<>();

	private volatile boolean running;

	/** Writes to streams; never blocks (the writes are non-blocking). */
	private final ExecutorService writers;

	/** Send-time limits, token expiry and the stream time limit. */
	private final ScheduledThreadPoolExecutor timer;

	private final SseSink.Limits limits;

	OrderEventsController(LivePush push, LiveSettings settings, AuditLog audit, StreamCaps caps, Clock clock,
			MeterRegistry meters) {
		this.push = push;
		this.settings = settings;
		this.audit = audit;
		this.caps = caps;
		this.clock = clock;
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
		this.timer.scheduleWithFixedDelay(() -> this.streams.values().forEach(SseSink::heartbeat), heartbeat, heartbeat,
				TimeUnit.MILLISECONDS);
		Counter slowClosed = Counter.builder("tracking.push.slow.closed")
			.description("Client connections closed because they stopped reading (send limits)")
			.tag("transport", "sse")
			.register(meters);
		this.limits = new SseSink.Limits(settings.sendTimeLimit().toMillis(),
				(int) settings.sendBufferLimit().toBytes(), settings.maxPendingMessages(), this.writers, this.timer,
				slowClosed);
		io.micrometer.core.instrument.Gauge.builder("tracking.push.sessions", this.streams, Map::size)
			.description("Open client connections")
			.tag("transport", "sse")
			.register(meters);
	}

	@GetMapping(path = "/v1/orders/{orderId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(operationId = "streamOrderEvents", summary = "An order's live messages as Server-Sent Events",
			description = "Events named snapshot (first), position (conflated, at most one a second), status and "
					+ "notification; data is the JSON push body with its type. Snapshot, status and notification "
					+ "events carry an id; reconnect with Last-Event-ID to receive every status and notification "
					+ "message missed since. The stream ends when the token expires. A caller holds a limited "
					+ "number of streams and STOMP sessions open at once (10 for a customer by default).",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "The event stream",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
					schema = @Schema(type = "string", description = "text/event-stream of push messages")))
	@ApiResponse(responseCode = "404", description = "No such order, or one the caller may not see",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "429",
			description = "The caller already holds its maximum of open streams and sessions; see Retry-After",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	void events(@PathVariable String orderId, @Parameter(hidden = true) Caller caller,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		String key = "sse-" + UUID.randomUUID();
		if (!this.caps.acquire(key, caller, null)) {
			throw this.caps.tooMany(caller);
		}
		SseSink sink = new SseSink(this.limits, () -> ended(key));
		boolean started = false;
		try {
			if (!this.push.subscribeOrder(key, orderId, caller, sink, resumeAfter(lastEventId))) {
				throw NotFound.order(orderId);
			}
			this.audit.supportRead(caller, "stream-events", "order:" + orderId, "sse");
			this.streams.put(key, sink);
			sink.start(request, response, this.settings.sseTimeout().plusMinutes(1).toMillis());
			started = true;
		}
		finally {
			if (!started) {
				this.streams.remove(key);
				this.push.unsubscribe(key);
				this.caps.release(key);
			}
		}
		// a stream lives no longer than its token, nor than the SSE time limit
		long closeIn = this.settings.sseTimeout().toMillis();
		Instant expires = expiresAt();
		if (expires != null) {
			closeIn = Math.min(closeIn, Math.max(0, expires.toEpochMilli() - this.clock.millis()));
		}
		ScheduledFuture<?> end = this.timer.schedule(sink::close, closeIn, TimeUnit.MILLISECONDS);
		this.ends.put(key, end);
		if (!sink.open()) {
			ended(key);
		}
	}

	private void ended(String key) {
		this.streams.remove(key);
		this.push.unsubscribe(key);
		this.caps.release(key);
		ScheduledFuture<?> end = this.ends.remove(key);
		if (end != null) {
			end.cancel(false);
		}
	}

	/** When the request's JWT expires, if it says. */
	private static @Nullable Instant expiresAt() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication instanceof JwtAuthenticationToken jwt) ? jwt.getToken().getExpiresAt() : null;
	}

	private static long resumeAfter(@Nullable String lastEventId) {
		if (lastEventId == null || lastEventId.isBlank()) {
			return -1;
		}
		try {
			return Long.parseLong(lastEventId.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
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
		this.streams.values().forEach(SseSink::close);
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
