package com.acme.tracking.live.sse;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import com.acme.tracking.access.AuditLog;
import com.acme.tracking.access.Caller;
import com.acme.tracking.live.LiveSettings;
import com.acme.tracking.live.push.LivePush;
import com.acme.tracking.live.push.StreamCaps;
import com.acme.tracking.shared.web.NotFound;
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
 * limits when their client stops reading ({@link SseStreams} holds them). A stream ends
 * when the JWT it was opened with expires, or after the SSE time limit; an idle stream
 * gets a comment line every heartbeat, so a client that vanished is found. A caller holds
 * a limited number of streams and STOMP sessions at once ({@link StreamCaps}): past it,
 * 429. A support agent's stream is audited like a REST read (channel {@code sse}).
 */
@RestController
@Tag(name = "Live push")
class OrderEventsController {

	private final LivePush push;

	private final SseStreams streams;

	private final StreamCaps caps;

	private final AuditLog audit;

	private final LiveSettings settings;

	private final Clock clock;

	OrderEventsController(LivePush push, SseStreams streams, StreamCaps caps, AuditLog audit, LiveSettings settings,
			Clock clock) {
		this.push = push;
		this.streams = streams;
		this.caps = caps;
		this.audit = audit;
		this.settings = settings;
		this.clock = clock;
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
	void events(@PathVariable String orderId, @Parameter(hidden = true) Caller caller,
			@Parameter(description = "The id of the last snapshot, status or notification event received: the "
					+ "stream starts with a snapshot, then every status and notification message after it") @RequestHeader(
							name = "Last-Event-ID", required = false) @Nullable String lastEventId,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		String key = "sse-" + UUID.randomUUID();
		if (!this.caps.acquire(key, caller, null)) {
			throw this.caps.tooMany(caller);
		}
		SseSink sink = this.streams.sink(key);
		boolean started = false;
		try {
			if (!this.push.subscribeOrder(key, orderId, caller, sink, resumeAfter(lastEventId))) {
				throw NotFound.order(orderId);
			}
			this.audit.supportRead(caller, "stream-events", "order:" + orderId, "sse");
			this.streams.opened(key, sink);
			sink.start(request, response, this.settings.sseTimeout().plusMinutes(1).toMillis());
			started = true;
		}
		finally {
			if (!started) {
				this.streams.ended(key);
			}
		}
		// a stream lives no longer than its token, nor than the SSE time limit
		long closeIn = this.settings.sseTimeout().toMillis();
		Instant expires = expiresAt();
		if (expires != null) {
			closeIn = Math.min(closeIn, Math.max(0, expires.toEpochMilli() - this.clock.millis()));
		}
		this.streams.closeIn(key, sink, closeIn);
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

}
