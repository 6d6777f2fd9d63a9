package com.acme.tracking.live.stomp;

import com.acme.tracking.live.LiveSettings;
import com.acme.tracking.live.push.Sink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.CloseStatus;

/**
 * Our pushes to STOMP sessions, with flow control. Each push becomes a MESSAGE frame on
 * the session's ordered view of Spring's outbound channel ({@link OpenSession#channel}):
 * messages reach the session in the order they were sent (the snapshot first), one at a
 * time on the outbound pool, and the session writes them without blocking
 * ({@link NonBlockingSession}), so a client that stopped reading never holds an outbound
 * thread. A session with more than {@code max-pending-messages} waiting here, or past the
 * limits of its {@link NonBlockingSession}, has stopped reading: it is closed and counted
 * in {@code tracking.push.slow.closed{transport=websocket}}, so a stalled client cannot
 * grow memory.
 */
@Component
class StompOutbound implements ExecutorChannelInterceptor {

	/** Marks our pushes on the outbound channel (the broker's own frames have none). */
	static final String PUSH_HEADER = "trackingPush";

	private final ObjectProvider<MessageChannel> outbound;

	private final StompSessions sessions;

	/**
	 * The bound on the first queue a push waits in: the session's ordered view of the
	 * outbound channel, whose messages wait for the one before to be handled, and then
	 * for a thread of the outbound pool ({@code outbound-threads}). It exists because
	 * Spring encodes and writes STOMP frames on that channel, and our pushes must reach a
	 * session in order. As handling a message never waits for the client (the session
	 * queues it: the second queue, {@link NonBlockingSession}'s, bounded by the same
	 * setting), this one stays short unless the outbound pool is saturated; then a
	 * session with more than {@code max-pending-messages} waiting is closed as slow.
	 */
	private final int maxPending;

	private final Counter slowClosed;

	StompOutbound(@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> outbound, StompSessions sessions,
			LiveSettings settings, MeterRegistry meters) {
		this.outbound = outbound;
		this.sessions = sessions;
		this.maxPending = settings.maxPendingMessages();
		this.slowClosed = Counter.builder("tracking.push.slow.closed")
			.description("Client connections closed because they stopped reading (send limits)")
			.tag("transport", "websocket")
			.register(meters);
	}

	/** A sink for one STOMP subscription of a session. */
	Sink sink(String sessionId, String subscriptionId, String destination) {
		return new StompSink(this, sessionId, subscriptionId, destination);
	}

	boolean isOpen(String sessionId) {
		return this.sessions.isOpen(sessionId);
	}

	/** Sends a push to one subscription of a session, or closes the session as slow. */
	void send(String sessionId, String subscriptionId, String destination, byte[] body) {
		OpenSession session = this.sessions.get(sessionId);
		if (session == null || session.closingSlow.get()) {
			return;
		}
		if (session.pending.incrementAndGet() > this.maxPending) {
			session.pending.decrementAndGet();
			closeSlow(session);
			return;
		}
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		accessor.setSessionId(sessionId);
		accessor.setSubscriptionId(subscriptionId);
		accessor.setDestination(destination);
		accessor.setContentType(MimeTypeUtils.APPLICATION_JSON);
		accessor.setHeader(PUSH_HEADER, Boolean.TRUE);
		accessor.setLeaveMutable(true);
		session.channel(this.outbound.getObject())
			.send(MessageBuilder.createMessage(body, accessor.getMessageHeaders()));
	}

	private void closeSlow(OpenSession session) {
		if (session.session instanceof NonBlockingSession nonBlocking) {
			// drops what waits, counts (countSlow) and closes
			nonBlocking.closeSlow();
			return;
		}
		if (session.closingSlow.compareAndSet(false, true)) {
			this.slowClosed.increment();
			session.close(CloseStatus.SESSION_NOT_RELIABLE.withReason("client stopped reading"));
		}
	}

	/**
	 * Counts a session closed for not reading (by its {@link NonBlockingSession}, or by
	 * the transport's own limits), once.
	 */
	void countSlow(@Nullable OpenSession session) {
		if (session != null && session.closingSlow.compareAndSet(false, true)) {
			this.slowClosed.increment();
		}
	}

	/**
	 * After the outbound channel handled a message: a push is no longer pending, and a
	 * CONNECTED frame has been written ({@link StompSessions#awaitConnected}).
	 */
	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
			@Nullable Exception ex) {
		if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.CONNECT_ACK) {
			OpenSession session = this.sessions.get(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()));
			if (session != null) {
				session.connected.countDown();
			}
		}
		else if (message.getHeaders().containsKey(PUSH_HEADER)) {
			OpenSession session = this.sessions.get(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()));
			if (session != null) {
				session.pending.decrementAndGet();
			}
		}
	}

}
