package com.acme.tracking.live;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

/**
 * This replica's WebSocket sessions and, per session, the ordered outbox of our pushes:
 * messages reach the session in the order they were sent (the snapshot first), one at a
 * time on the outbound pool, and each session writes without blocking
 * ({@link NonBlockingSession}), so a client that stopped reading never holds an outbound
 * thread. A session with more than {@code max-pending-messages} (or
 * {@code send-buffer-limit} bytes) waiting, or a write slower than
 * {@code send-time-limit}, has stopped reading: it is closed and counted, so a stalled
 * client cannot grow memory. On shutdown every session is closed with 1001 (going away)
 * so clients reconnect to another replica.
 */
@Component
class StompSessions implements WebSocketHandlerDecoratorFactory, ExecutorChannelInterceptor,
		ApplicationListener<ContextClosedEvent> {

	static final String PUSH_HEADER = "trackingPush";

	private static final Log log = LogFactory.getLog(StompSessions.class);

	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private final Map<String, Outbox> outboxes = new ConcurrentHashMap<>();

	private final ObjectProvider<MessageChannel> outbound;

	private final LivePush push;

	private final LiveSettings settings;

	private final Counter slowClosed;

	private final MeterRegistry meters;

	/**
	 * Closes sessions (writing a close frame can block on a client that stopped reading)
	 * and runs the timed closes: token expiry, no CONNECT in time.
	 */
	private final ScheduledThreadPoolExecutor lifecycle = new ScheduledThreadPoolExecutor(2, (task) -> {
		Thread thread = new Thread(task, "ws-lifecycle");
		thread.setDaemon(true);
		return thread;
	});

	StompSessions(@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> outbound, LivePush push,
			LiveSettings settings, MeterRegistry meters) {
		this.meters = meters;
		this.outbound = outbound;
		this.push = push;
		this.settings = settings;
		this.lifecycle.setRemoveOnCancelPolicy(true);
		this.slowClosed = Counter.builder("tracking.push.slow.closed")
			.description("Client connections closed because they stopped reading (send limits)")
			.tag("transport", "websocket")
			.register(meters);
		Gauge.builder("tracking.push.sessions", this.outboxes, Map::size)
			.description("Open client connections")
			.tag("transport", "websocket")
			.register(meters);
	}

	/**
	 * Counts a refusal in {@code tracking.push.refused{reason}}: {@code connect} (no
	 * valid token), {@code subscribe} (a destination the caller may not see),
	 * {@code send} (a client SEND), {@code no-connect} (no CONNECT within the
	 * first-message timeout), {@code before-connect} (a frame other than CONNECT first),
	 * {@code protocol-error} (a frame over the message size limit, or one that does not
	 * parse).
	 */
	void refused(String reason) {
		Counter.builder("tracking.push.refused")
			.description("STOMP frames and connections refused, by reason")
			.tag("reason", reason)
			.register(this.meters)
			.increment();
	}

	/** A sink for one STOMP subscription of a session. */
	Sink sink(String sessionId, String subscriptionId, String destination) {
		return new Sink() {

			@Override
			public void send(String type, byte[] body, long eventId) {
				StompSessions.this.send(sessionId, subscriptionId, destination, body);
			}

			@Override
			public boolean open() {
				return StompSessions.this.outboxes.containsKey(sessionId);
			}

		};
	}

	private void send(String sessionId, String subscriptionId, String destination, byte[] body) {
		Outbox outbox = this.outboxes.get(sessionId);
		if (outbox == null || outbox.closing.get()) {
			return;
		}
		if (outbox.pending.incrementAndGet() > this.settings.maxPendingMessages()) {
			outbox.pending.decrementAndGet();
			closeSlow(outbox);
			return;
		}
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		accessor.setSessionId(sessionId);
		accessor.setSubscriptionId(subscriptionId);
		accessor.setDestination(destination);
		accessor.setContentType(MimeTypeUtils.APPLICATION_JSON);
		accessor.setHeader(PUSH_HEADER, Boolean.TRUE);
		accessor.setLeaveMutable(true);
		outbox.channel(this.outbound.getObject())
			.send(MessageBuilder.createMessage(body, accessor.getMessageHeaders()));
	}

	private void closeSlow(Outbox outbox) {
		if (outbox.session instanceof NonBlockingSession nonBlocking) {
			nonBlocking.closeSlow();
			return;
		}
		if (outbox.closing.compareAndSet(false, true)) {
			this.slowClosed.increment();
			close(outbox, CloseStatus.SESSION_NOT_RELIABLE.withReason("client stopped reading"));
		}
	}

	/**
	 * Closes the session when its token expires (1008, policy violation): a session lives
	 * no longer than the credentials that opened it. The client reconnects with a fresh
	 * token.
	 */
	void closeAt(String sessionId, Instant expires) {
		Outbox outbox = this.outboxes.get(sessionId);
		if (outbox == null) {
			return;
		}
		long delay = Math.max(0, expires.toEpochMilli() - System.currentTimeMillis());
		outbox.expiry = this.lifecycle.schedule(
				() -> close(outbox, CloseStatus.POLICY_VIOLATION.withReason("token expired")), delay,
				TimeUnit.MILLISECONDS);
	}

	/** Closes a session that sent no CONNECT within the first-message timeout. */
	private void closeUnless(Outbox outbox) {
		if (outbox.connected.getCount() > 0 && this.outboxes.containsKey(outbox.session.getId())) {
			refused("no-connect");
			close(outbox, CloseStatus.POLICY_VIOLATION.withReason("no CONNECT"));
		}
	}

	private static void close(Outbox outbox, CloseStatus status) {
		try {
			outbox.session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Could not close session " + outbox.session.getId(), ex);
		}
	}

	private void countSlow(String sessionId) {
		Outbox outbox = this.outboxes.get(sessionId);
		if (outbox != null && outbox.closing.compareAndSet(false, true)) {
			this.slowClosed.increment();
		}
	}

	private WebSocketSession own(WebSocketSession session) {
		Outbox outbox = this.outboxes.get(session.getId());
		return (outbox != null) ? outbox.session : session;
	}

	/**
	 * Waits (briefly) until the session's CONNECTED frame has been written. A refusal
	 * (ERROR frame, then close) must not race the broker's thread still writing
	 * CONNECTED: the WebSocket session would buffer the ERROR and drop it on close.
	 */
	void awaitConnected(@Nullable String sessionId) {
		Outbox outbox = (sessionId != null) ? this.outboxes.get(sessionId) : null;
		if (outbox != null) {
			try {
				outbox.connected.await(2, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
			@Nullable Exception ex) {
		if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.CONNECT_ACK) {
			Outbox outbox = this.outboxes.get(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()));
			if (outbox != null) {
				outbox.connected.countDown();
			}
		}
		else if (message.getHeaders().containsKey(PUSH_HEADER)) {
			Outbox outbox = this.outboxes.get(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()));
			if (outbox != null) {
				outbox.pending.decrementAndGet();
			}
		}
	}

	@Override
	public WebSocketHandler decorate(WebSocketHandler handler) {
		return new WebSocketHandlerDecorator(handler) {

			/**
			 * Frames larger than the session's small buffers arrive in parts; the STOMP
			 * decoder reassembles them (up to the message size limit).
			 */
			@Override
			public boolean supportsPartialMessages() {
				return true;
			}

			@Override
			public void afterConnectionEstablished(WebSocketSession session) throws Exception {
				WebSocketSession own = session;
				LiveSettings settings = StompSessions.this.settings;
				if (session instanceof StandardWebSocketSession standard) {
					standard.getNativeSession()
						.getUserProperties()
						.put(BLOCKING_SEND_TIMEOUT, settings.blockingSendTimeout().toMillis());
					own = new NonBlockingSession(standard, settings.sendTimeLimit().toMillis(),
							(int) settings.sendBufferLimit().toBytes(), settings.maxPendingMessages(),
							StompSessions.this.lifecycle, (slow) -> countSlow(slow.getId()));
				}
				Outbox outbox = new Outbox(own);
				StompSessions.this.outboxes.put(session.getId(), outbox);
				StompSessions.this.lifecycle.schedule(() -> closeUnless(outbox),
						settings.firstMessageTimeout().toMillis(), TimeUnit.MILLISECONDS);
				super.afterConnectionEstablished(own);
				// The STOMP handler raises the whole-message buffer to 16 KB (a STOMP
				// frame's
				// minimum); we take partial messages instead, so the buffer stays small.
				int buffer = (int) settings.sessionBufferSize().toBytes();
				session.setTextMessageSizeLimit(buffer);
				session.setBinaryMessageSizeLimit(buffer);
			}

			@Override
			public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
				Outbox outbox = StompSessions.this.outboxes.get(session.getId());
				if (outbox != null) {
					if (outbox.frameStart && outbox.connected.getCount() > 0 && message instanceof TextMessage text
							&& !text.getPayload().isBlank() && !text.getPayload().startsWith("CONNECT")
							&& !text.getPayload().startsWith("STOMP")) {
						// the STOMP handler answers it with ERROR "Unknown session"
						refused("before-connect");
					}
					outbox.frameStart = message.isLast();
				}
				super.handleMessage(own(session), message);
			}

			@Override
			public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
				super.handleTransportError(own(session), exception);
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
				Outbox outbox = StompSessions.this.outboxes.remove(session.getId());
				StompSessions.this.push.unsubscribeAll(session.getId() + ":");
				if (outbox != null && outbox.expiry != null) {
					outbox.expiry.cancel(false);
				}
				if (status.equalsCode(CloseStatus.PROTOCOL_ERROR)
						|| status.equalsCode(CloseStatus.TOO_BIG_TO_PROCESS)) {
					// a frame over the message size limit or one that does not parse:
					// Spring sent an ERROR frame and closed with 1002
					refused("protocol-error");
				}
				if (status.equalsCode(CloseStatus.SESSION_NOT_RELIABLE) && outbox != null
						&& outbox.closing.compareAndSet(false, true)) {
					// closed by the transport's own send-time or buffer limit
					StompSessions.this.slowClosed.increment();
				}
				super.afterConnectionClosed((outbox != null) ? outbox.session : session, status);
			}

		};
	}

	/**
	 * On shutdown, before any lifecycle stops (the broker, the web server's graceful
	 * drain), closes every session with 1001 (going away) so clients reconnect to another
	 * replica.
	 */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		for (Outbox outbox : this.outboxes.values()) {
			close(outbox, CloseStatus.GOING_AWAY);
		}
	}

	private static final class Outbox {

		final WebSocketSession session;

		final AtomicInteger pending = new AtomicInteger();

		final AtomicBoolean closing = new AtomicBoolean();

		final CountDownLatch connected = new CountDownLatch(1);

		volatile @Nullable ScheduledFuture<?> expiry;

		/** Whether the next inbound message starts a frame (partial messages). */
		volatile boolean frameStart = true;

		private volatile @Nullable OrderedMessageChannelDecorator channel;

		Outbox(WebSocketSession session) {
			this.session = session;
		}

		OrderedMessageChannelDecorator channel(MessageChannel outbound) {
			OrderedMessageChannelDecorator current = this.channel;
			if (current == null) {
				synchronized (this) {
					current = this.channel;
					if (current == null) {
						current = new OrderedMessageChannelDecorator(outbound, log);
						this.channel = current;
					}
				}
			}
			return current;
		}

	}

}
