package com.acme.tracking.live.stomp;

import com.acme.tracking.live.LiveSettings;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Where a WebSocket session starts and ends for us: Spring's STOMP handler, decorated
 * ({@link StompConfiguration}) so that each new session is written through a
 * {@link NonBlockingSession}, registered in {@link StompSessions}, and closed unless it
 * sends CONNECT within the first-message timeout; a frame other than CONNECT first is
 * counted; and a session that closed leaves with its subscriptions and timers, counted
 * when it closed for not reading or for a frame it should not have sent.
 */
final class SessionDecorator extends WebSocketHandlerDecorator {

	private final StompSessions sessions;

	private final StompOutbound outbound;

	private final SessionTimers timers;

	private final StompRefusals refusals;

	private final LiveSettings settings;

	SessionDecorator(WebSocketHandler delegate, StompSessions sessions, StompOutbound outbound, SessionTimers timers,
			StompRefusals refusals, LiveSettings settings) {
		super(delegate);
		this.sessions = sessions;
		this.outbound = outbound;
		this.timers = timers;
		this.refusals = refusals;
		this.settings = settings;
	}

	/**
	 * Frames larger than the session's small buffers arrive in parts; the STOMP decoder
	 * reassembles them (up to the message size limit).
	 */
	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		WebSocketSession own = session;
		if (session instanceof StandardWebSocketSession standard) {
			standard.getNativeSession()
				.getUserProperties()
				.put(NonBlockingSession.BLOCKING_SEND_TIMEOUT, this.settings.blockingSendTimeout().toMillis());
			own = new NonBlockingSession(standard, this.settings.sendTimeLimit().toMillis(),
					(int) this.settings.sendBufferLimit().toBytes(), this.settings.maxPendingMessages(),
					this.timers.closer(), (slow) -> this.outbound.countSlow(this.sessions.get(slow.getId())));
		}
		OpenSession open = new OpenSession(own, this.settings.maxSubscriptionsPerSession());
		this.sessions.add(open);
		this.timers.closeUnlessConnected(open, this.settings.firstMessageTimeout().toMillis());
		super.afterConnectionEstablished(own);
		// The STOMP handler raises the whole-message buffer to 16 KB (a STOMP frame's
		// minimum); we take partial messages instead, so the buffer stays small.
		int buffer = (int) this.settings.sessionBufferSize().toBytes();
		session.setTextMessageSizeLimit(buffer);
		session.setBinaryMessageSizeLimit(buffer);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		OpenSession open = this.sessions.get(session.getId());
		if (open == null || open.badFrame.get()) {
			// closed, or closing after a bad frame: the rest of its input (the other
			// parts of a large message) is not read
			return;
		}
		if (open.frameStart && open.connected.getCount() > 0 && message instanceof TextMessage text
				&& !text.getPayload().isBlank() && !text.getPayload().startsWith("CONNECT")
				&& !text.getPayload().startsWith("STOMP")) {
			// the STOMP handler answers it with ERROR "Unknown session"
			this.refusals.count("before-connect");
		}
		open.frameStart = message.isLast();
		this.sessions.handling(open);
		try {
			super.handleMessage(open.session, message);
		}
		finally {
			this.sessions.handled();
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
		super.handleTransportError(own(session), exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
		OpenSession open = this.sessions.remove(session.getId());
		if (open != null) {
			this.timers.cancel(open);
		}
		if (status.equalsCode(CloseStatus.TOO_BIG_TO_PROCESS)) {
			// a message over the transport's limit (a frame that does not parse, or
			// is over the STOMP size limit: StompErrors counts it)
			this.refusals.count("protocol-error");
		}
		if (status.equalsCode(CloseStatus.SESSION_NOT_RELIABLE)) {
			// closed by the transport's own send-time or buffer limit (counted once)
			this.outbound.countSlow(open);
		}
		super.afterConnectionClosed((open != null) ? open.session : session, status);
	}

	private WebSocketSession own(WebSocketSession session) {
		OpenSession open = this.sessions.get(session.getId());
		return (open != null) ? open.session : session;
	}

}
