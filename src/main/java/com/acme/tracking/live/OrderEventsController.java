package com.acme.tracking.live;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.acme.tracking.access.AuditLog;
import com.acme.tracking.access.Caller;
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
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The push stream of one order as Server-Sent Events: the same messages and the same
 * authorization as STOMP. Each snapshot, status and notification event carries the
 * order's state version as its id; reconnecting with {@code Last-Event-ID} sends the
 * snapshot and then every status and notification message newer than that id.
 */
@RestController
@Tag(name = "Live push")
class OrderEventsController implements DisposableBean, SmartLifecycle {

	private final LivePush push;

	private final LiveSettings settings;

	private final AuditLog audit;

	private final Counter slowClosed;

	private final Set<SseSink> streams = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	private final ExecutorService writers;

	OrderEventsController(LivePush push, LiveSettings settings, AuditLog audit, MeterRegistry meters) {
		this.push = push;
		this.settings = settings;
		this.audit = audit;
		this.writers = Executors.newFixedThreadPool(settings.outboundThreads(), (task) -> {
			Thread thread = new Thread(task, "sse-writer");
			thread.setDaemon(true);
			return thread;
		});
		this.slowClosed = Counter.builder("tracking.push.slow.closed")
			.description("Client connections closed because they stopped reading (send limits)")
			.tag("transport", "sse")
			.register(meters);
		io.micrometer.core.instrument.Gauge.builder("tracking.push.sessions", this.streams, Set::size)
			.description("Open client connections")
			.tag("transport", "sse")
			.register(meters);
	}

	@GetMapping(path = "/v1/orders/{orderId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(operationId = "streamOrderEvents", summary = "An order's live messages as Server-Sent Events",
			description = "Events named snapshot (first), position (conflated, at most one a second), status and "
					+ "notification; data is the JSON push body with its type. Snapshot, status and notification "
					+ "events carry an id; reconnect with Last-Event-ID to receive every status and notification "
					+ "message missed since.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "The event stream",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
					schema = @Schema(type = "string", description = "text/event-stream of push messages")))
	@ApiResponse(responseCode = "404", description = "No such order, or one the caller may not see",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	SseEmitter events(@PathVariable String orderId, @Parameter(hidden = true) Caller caller,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId) {
		SseEmitter emitter = new SseEmitter(this.settings.sseTimeout().toMillis());
		SseSink sink = new SseSink(emitter, this.writers, this.settings.maxPendingMessages(), this.slowClosed);
		String key = "sse-" + UUID.randomUUID();
		if (this.push.subscribeOrder(key, orderId, caller, sink, resumeAfter(lastEventId)) == null) {
			throw NotFound.order(orderId);
		}
		this.audit.supportRead(caller, "stream-events", "order:" + orderId);
		this.streams.add(sink);
		emitter.onCompletion(() -> {
			this.streams.remove(sink);
			this.push.unsubscribe(key);
		});
		emitter.onTimeout(sink::close);
		emitter.onError((ex) -> sink.close());
		return emitter;
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
		this.streams.forEach(SseSink::close);
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
	}

}
