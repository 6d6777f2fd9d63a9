package com.acme.tracking.live.stomp;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * One open WebSocket session as this replica keeps it ({@link StompSessions}): the
 * session our frames are written to (a {@link NonBlockingSession}), its subscription ids,
 * whether its CONNECTED frame went out, the pushes on their way to it, and its timers.
 */
final class OpenSession {

	private static final Log log = LogFactory.getLog(OpenSession.class);

	final WebSocketSession session;

	/**
	 * Our pushes handed to the outbound channel and not yet handled there
	 * ({@link StompOutbound}).
	 */
	final AtomicInteger pending = new AtomicInteger();

	/** Closed (or being closed) for not reading: counted once. */
	final AtomicBoolean closingSlow = new AtomicBoolean();

	/** A frame of this session did not decode: it is being closed. */
	final AtomicBoolean badFrame = new AtomicBoolean();

	/** Counted down once the CONNECTED frame has been written. */
	final CountDownLatch connected = new CountDownLatch(1);

	final SessionSubscriptions subscriptions;

	/** The next check of the credentials' expiry ({@link SessionTimers}). */
	volatile @Nullable ScheduledFuture<?> expiry;

	/** Whether the next inbound message starts a frame (partial messages). */
	volatile boolean frameStart = true;

	private volatile @Nullable OrderedMessageChannelDecorator channel;

	OpenSession(WebSocketSession session, int maxSubscriptions) {
		this.session = session;
		this.subscriptions = new SessionSubscriptions(maxSubscriptions);
	}

	String id() {
		return this.session.getId();
	}

	/**
	 * The outbound channel as this session sees it: one message at a time, in the order
	 * sent.
	 */
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

	/** Closes the session; a failure (already closed, a broken connection) is no news. */
	void close(CloseStatus status) {
		try {
			this.session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Could not close session " + id(), ex);
		}
	}

}
