package com.acme.tracking.live;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.acme.tracking.live.push.LivePush;
import com.acme.tracking.live.push.Sink;
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
 * client cannot grow memory. Each session keeps the index of its own subscriptions
 * ({@link SessionSubscriptions}): ids unique, at most
 * {@code max-subscriptions-per-session}, and a close that costs only them. A session
 * lives no longer than the JWT or share link that opened it. On shutdown every session is
 * closed with 1001 (going away) so clients reconnect to another replica.
 */
@Component
class StompSessions implements WebSocketHandlerDecoratorFactory, ExecutorChannelInterceptor,
		ApplicationListener<ContextClosedEvent> {

	static final String PUSH_HEADER = "trackingPush";

	private static final Log log = LogFactory.getLog(StompSessions.class);

	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	/**
	 * How often the expiry of a session's credentials is computed again: a share link's
	 * expiry comes nearer when its order ends.
	 */
	private static final long EXPIRY_RECHECK_MILLIS = 60_000;

	/** The reasons of {@code tracking.push.refused}, exported at 0 from the start. */
	private static final List<String> REFUSALS = List.of("connect", "subscribe", "send", "no-connect", "before-connect",
			"protocol-error", "subscription-id", "too-many-subscriptions");

	private final Map<String, Outbox> outboxes = new ConcurrentHashMap<>();

	/**
	 * The session whose inbound message this thread is handing to Spring's STOMP handler:
	 * it decodes and refuses a bad frame synchronously, within that call.
	 */
	private final ThreadLocal<@Nullable Outbox> inbound = new ThreadLocal<>();

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
		for (String reason : REFUSALS) {
			refusedCounter(reason);
		}
	}

	/**
	 * Counts a refusal in {@code tracking.push.refused{reason}}: {@code connect} (no
	 * valid token), {@code subscribe} (a destination the caller may not see),
	 * {@code send} (a client SEND), {@code no-connect} (no CONNECT within the
	 * first-message timeout), {@code before-connect} (a frame other than CONNECT first),
	 * {@code protocol-error} (a frame over the message size limit, or one that does not
	 * parse), {@code subscription-id} (a SUBSCRIBE without an id, or with one in use in
	 * its session), {@code too-many-subscriptions} (past
	 * {@code max-subscriptions-per-session}).
	 */
	void refused(String reason) {
		refusedCounter(reason).increment();
	}

	private Counter refusedCounter(String reason) {
		return Counter.builder("tracking.push.refused")
			.description("STOMP frames and connections refused, by reason")
			.tag("reason", reason)
			.register(this.meters);
	}

	/**
	 * Adds a subscription to the session's own index, then registers it:
	 * {@code subscribe} is given the subscription's key and throws a
	 * {@code MessageDeliveryException} when the caller may not see the destination (the
	 * id is then free again).
	 * @throws SessionSubscriptions.Refused when the id is missing or in use, or the
	 * session holds {@code max-subscriptions-per-session} already
	 */
	void subscribe(@Nullable String sessionId, @Nullable String subscriptionId, Consumer<String> subscribe) {
		Outbox outbox = (sessionId != null) ? this.outboxes.get(sessionId) : null;
		if (outbox == null) {
			throw new SessionSubscriptions.Refused("subscribe", "Session closed");
		}
		outbox.subscriptions.reserve(subscriptionId);
		String key = key(sessionId, subscriptionId);
		try {
			subscribe.accept(key);
		}
		catch (RuntimeException ex) {
			outbox.subscriptions.release(subscriptionId);
			throw ex;
		}
		if (outbox.subscriptions.closed()) {
			// the session closed while this one was being added: it took the ids it
			// held before this one was registered
			this.push.unsubscribe(key);
		}
	}

	/** Ends one subscription of a session (UNSUBSCRIBE). */
	void unsubscribe(@Nullable String sessionId, @Nullable String subscriptionId) {
		Outbox outbox = (sessionId != null) ? this.outboxes.get(sessionId) : null;
		if (outbox != null && outbox.subscriptions.release(subscriptionId)) {
			this.push.unsubscribe(key(sessionId, subscriptionId));
		}
	}

	/** Ends every subscription of a session (DISCONNECT). */
	void unsubscribeAll(@Nullable String sessionId) {
		Outbox outbox = (sessionId != null) ? this.outboxes.get(sessionId) : null;
		if (outbox != null) {
			unsubscribeAll(outbox);
		}
	}

	private void unsubscribeAll(Outbox outbox) {
		for (String subscriptionId : outbox.subscriptions.close()) {
			this.push.unsubscribe(key(outbox.session.getId(), subscriptionId));
		}
	}

	/**
	 * Called (by {@link StompErrors}) for a frame that does not decode, on the thread
	 * that handles it: its ERROR ends the session, and the rest of the session's input
	 * (the other parts of an oversize frame) is not read.
	 * @return whether this is the session's first bad frame (the one to count)
	 */
	boolean badFrame() {
		Outbox outbox = this.inbound.get();
		return outbox == null || outbox.badFrame.compareAndSet(false, true);
	}

	private static String key(@Nullable String sessionId, @Nullable String subscriptionId) {
		return sessionId + ":" + subscriptionId;
	}

	/** A sink for one STOMP subscription of a session. */
	Sink sink(String sessionId, String subscriptionId, String destination) {
		return new Sink() {

			@Override
			public void send(String type, byte[] body, long version) {
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
		closeWhenExpired(sessionId, () -> expires, "token expired");
	}

	/**
	 * Closes the session (1008, policy violation) when its credentials expire, as
	 * {@link #closeAt}, for an expiry that may come nearer while the session is open (a
	 * share link's, when its order ends): {@code expiry} is asked again at the time it
	 * gave, and at least every minute.
	 */
	void closeWhenExpired(String sessionId, Supplier<Instant> expiry, String reason) {
		Outbox outbox = this.outboxes.get(sessionId);
		if (outbox != null) {
			checkExpiry(outbox, expiry, reason);
		}
	}

	private void checkExpiry(Outbox outbox, Supplier<Instant> expiry, String reason) {
		if (!this.outboxes.containsKey(outbox.session.getId())) {
			return;
		}
		long left = expiry.get().toEpochMilli() - System.currentTimeMillis();
		if (left <= 0) {
			close(outbox, CloseStatus.POLICY_VIOLATION.withReason(reason));
			return;
		}
		outbox.expiry = this.lifecycle.schedule(() -> checkExpiry(outbox, expiry, reason),
				Math.min(left, EXPIRY_RECHECK_MILLIS), TimeUnit.MILLISECONDS);
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
				Outbox outbox = new Outbox(own, settings.maxSubscriptionsPerSession());
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
				if (outbox == null || outbox.badFrame.get()) {
					// closed, or closing after a bad frame: the rest of its input
					// (the other parts of a large message) is not read
					return;
				}
				if (outbox.frameStart && outbox.connected.getCount() > 0 && message instanceof TextMessage text
						&& !text.getPayload().isBlank() && !text.getPayload().startsWith("CONNECT")
						&& !text.getPayload().startsWith("STOMP")) {
					// the STOMP handler answers it with ERROR "Unknown session"
					refused("before-connect");
				}
				outbox.frameStart = message.isLast();
				StompSessions.this.inbound.set(outbox);
				try {
					super.handleMessage(own(session), message);
				}
				finally {
					StompSessions.this.inbound.remove();
				}
			}

			@Override
			public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
				super.handleTransportError(own(session), exception);
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
				Outbox outbox = StompSessions.this.outboxes.remove(session.getId());
				if (outbox != null) {
					unsubscribeAll(outbox);
					if (outbox.expiry != null) {
						outbox.expiry.cancel(false);
					}
				}
				if (status.equalsCode(CloseStatus.TOO_BIG_TO_PROCESS)) {
					// a message over the transport's limit (a frame that does not
					// parse, or is over the STOMP size limit: StompErrors counts it)
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

		/** A frame of this session did not decode: it is being closed. */
		final AtomicBoolean badFrame = new AtomicBoolean();

		final CountDownLatch connected = new CountDownLatch(1);

		final SessionSubscriptions subscriptions;

		volatile @Nullable ScheduledFuture<?> expiry;

		/** Whether the next inbound message starts a frame (partial messages). */
		volatile boolean frameStart = true;

		private volatile @Nullable OrderedMessageChannelDecorator channel;

		Outbox(WebSocketSession session, int maxSubscriptions) {
			this.session = session;
			this.subscriptions = new SessionSubscriptions(maxSubscriptions);
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
