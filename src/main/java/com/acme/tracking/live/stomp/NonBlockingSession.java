package com.acme.tracking.live.stomp;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * A WebSocket session whose sends never block the caller. Tomcat's basic remote blocks
 * the sending thread while the client's socket is full, so a few thousand clients that
 * stopped reading would hold every outbound thread and starve the healthy ones. Here a
 * send joins this session's queue and returns; one asynchronous write at a time drains it
 * (the next starts from the previous one's completion). A write that takes longer than
 * the send-time limit fails (Tomcat's async send timeout), and a queue over the buffer or
 * message limit means the client stopped reading: either closes the session as slow.
 * {@link #close(CloseStatus)} lets the queue drain first (an ERROR frame before a
 * refusal's close); closing happens on the closer executor because writing the close
 * frame to a stalled socket blocks.
 *
 * <p>
 * Longer than most of our classes: the queue, the one write under way and the two ways of
 * closing are one state machine under one lock, easier to check read together.
 */
final class NonBlockingSession extends WebSocketSessionDecorator {

	/**
	 * How long Tomcat lets a blocking write (a close frame) wait for the socket: a
	 * property of the native session.
	 */
	static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final long CLOSE_FRAME_TIMEOUT_MILLIS = 2000;

	private static final Log log = LogFactory.getLog(NonBlockingSession.class);

	/** Called once when the session is closed for not reading. */
	interface SlowListener {

		void slow(NonBlockingSession session);

	}

	private final RemoteEndpoint.Async remote;

	private final int maxBytes;

	private final int maxMessages;

	private final Executor closer;

	private final SlowListener slowListener;

	private final Map<String, Object> nativeProperties;

	/**
	 * What the client has not taken yet: Tomcat's asynchronous remote takes one message
	 * at a time, so the others wait here. The last queue of a push to a STOMP session
	 * (after {@link StompOutbound}'s, and Spring's send buffer, which stays empty in
	 * front of a session that never blocks: {@link StompConfiguration}), and the one that
	 * fills when the client stops reading: bounded by {@code max-pending-messages}
	 * messages and {@code send-buffer-limit} bytes, past either the session is closed as
	 * slow.
	 */
	private final ArrayDeque<WebSocketMessage<?>> queue = new ArrayDeque<>();

	private int queuedBytes;

	private boolean writing;

	private boolean pumping;

	private boolean closed;

	/** Closed as slow while a write was under way: the connection goes when it ends. */
	private boolean abandoned;

	private @Nullable CloseStatus closeWhenDrained;

	NonBlockingSession(StandardWebSocketSession session, long sendTimeLimitMillis, int maxBytes, int maxMessages,
			Executor closer, SlowListener slowListener) {
		super(session);
		this.remote = session.getNativeSession().getAsyncRemote();
		this.remote.setSendTimeout(sendTimeLimitMillis);
		this.nativeProperties = session.getNativeSession().getUserProperties();
		this.maxBytes = maxBytes;
		this.maxMessages = maxMessages;
		this.closer = closer;
		this.slowListener = slowListener;
	}

	@Override
	public void sendMessage(WebSocketMessage<?> message) throws IOException {
		if (!(message instanceof TextMessage || message instanceof BinaryMessage) || !message.isLast()) {
			getDelegate().sendMessage(message);
			return;
		}
		boolean overflow;
		synchronized (this) {
			if (this.closed || this.closeWhenDrained != null) {
				return;
			}
			this.queue.add(message);
			this.queuedBytes += message.getPayloadLength();
			overflow = this.queue.size() > this.maxMessages || this.queuedBytes > this.maxBytes;
		}
		if (overflow) {
			closeSlow();
			return;
		}
		pump();
	}

	/**
	 * Starts the next write unless one is under way. A write that completes at once calls
	 * back on this thread: the loop, not recursion, starts the one after it.
	 */
	private void pump() {
		synchronized (this) {
			if (this.pumping) {
				return;
			}
			this.pumping = true;
		}
		while (true) {
			WebSocketMessage<?> next;
			synchronized (this) {
				if (this.writing || this.closed || this.queue.isEmpty()) {
					this.pumping = false;
					if (!this.writing && !this.closed && this.queue.isEmpty() && this.closeWhenDrained != null) {
						closeNow(this.closeWhenDrained);
					}
					return;
				}
				next = this.queue.poll();
				this.queuedBytes -= next.getPayloadLength();
				this.writing = true;
			}
			try {
				if (next instanceof TextMessage text) {
					this.remote.sendText(text.getPayload(), this::written);
				}
				else {
					this.remote.sendBinary(((BinaryMessage) next).getPayload().duplicate(), this::written);
				}
			}
			catch (RuntimeException ex) {
				written(new SendResult(ex));
			}
		}
	}

	private void written(SendResult result) {
		boolean abandoned;
		synchronized (this) {
			this.writing = false;
			abandoned = this.abandoned;
		}
		if (abandoned) {
			// closed as slow while this write was under way: whether it timed out or the
			// client read at last, the connection goes now (else it would stay open,
			// with nothing ever sent on it again)
			closeDelegate(CloseStatus.SESSION_NOT_RELIABLE.withReason("client stopped reading"));
			return;
		}
		if (result.isOK()) {
			pump();
		}
		else if (!isClosed()) {
			log.debug("Write to session " + getId() + " failed", result.getException());
			closeSlow();
		}
	}

	private synchronized boolean isClosed() {
		return this.closed;
	}

	/**
	 * Closes for not reading, dropping what waits. A write still under way on the stalled
	 * socket fails at the send-time limit, and Tomcat then drops the connection; writing
	 * a close frame behind it would only block.
	 */
	void closeSlow() {
		boolean writeUnderWay;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.queue.clear();
			this.queuedBytes = 0;
			writeUnderWay = this.writing;
			if (writeUnderWay) {
				this.closed = true;
				this.abandoned = true;
			}
		}
		this.slowListener.slow(this);
		if (!writeUnderWay) {
			closeNow(CloseStatus.SESSION_NOT_RELIABLE.withReason("client stopped reading"));
		}
	}

	@Override
	public void close(CloseStatus status) {
		boolean now;
		synchronized (this) {
			if (this.closed || this.closeWhenDrained != null) {
				return;
			}
			this.closeWhenDrained = status;
			now = !this.writing && this.queue.isEmpty();
		}
		if (now) {
			closeNow(status);
		}
	}

	@Override
	public void close() {
		close(CloseStatus.NORMAL);
	}

	private void closeNow(CloseStatus status) {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		closeDelegate(status);
	}

	/**
	 * Closes the connection on the closer executor. Writing the close frame to a socket
	 * that is full waits at most {@value #CLOSE_FRAME_TIMEOUT_MILLIS} ms (Tomcat's
	 * blocking send timeout, 20 s by default); then Tomcat drops the connection.
	 */
	private void closeDelegate(CloseStatus status) {
		this.nativeProperties.put(BLOCKING_SEND_TIMEOUT, CLOSE_FRAME_TIMEOUT_MILLIS);
		this.closer.execute(() -> {
			try {
				getDelegate().close(status);
			}
			catch (IOException | RuntimeException ex) {
				log.debug("Could not close session " + getId(), ex);
			}
		});
	}

}
