package com.acme.tracking.live.stomp;

import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * The timed closes of STOMP sessions: a session that sent no CONNECT within the
 * first-message timeout, and one whose credentials expired (1008, policy violation: a
 * session lives no longer than the JWT or share link that opened it; the client
 * reconnects with fresh ones). Its threads also close the sessions a
 * {@link NonBlockingSession} gives up on, because writing a close frame to a client that
 * stopped reading can block.
 */
@Component
class SessionTimers {

	/**
	 * How often the expiry of a session's credentials is computed again: a share link's
	 * expiry comes nearer when its order ends.
	 */
	private static final long EXPIRY_RECHECK_MILLIS = 60_000;

	private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(2, (task) -> {
		Thread thread = new Thread(task, "ws-lifecycle");
		thread.setDaemon(true);
		return thread;
	});

	private final StompSessions sessions;

	private final StompRefusals refusals;

	SessionTimers(StompSessions sessions, StompRefusals refusals) {
		this.sessions = sessions;
		this.refusals = refusals;
		this.timer.setRemoveOnCancelPolicy(true);
	}

	/** Where sessions are closed (a close frame to a stalled socket blocks). */
	Executor closer() {
		return this.timer;
	}

	/** Closes the session unless it sent CONNECT within {@code timeoutMillis}. */
	void closeUnlessConnected(OpenSession session, long timeoutMillis) {
		this.timer.schedule(() -> {
			if (session.connected.getCount() > 0 && this.sessions.isOpen(session.id())) {
				this.refusals.count("no-connect");
				session.close(CloseStatus.POLICY_VIOLATION.withReason("no CONNECT"));
			}
		}, timeoutMillis, TimeUnit.MILLISECONDS);
	}

	/** Closes the session when its token expires. */
	void closeAt(String sessionId, Instant expires) {
		closeWhenExpired(sessionId, () -> expires, "token expired");
	}

	/**
	 * Closes the session when its credentials expire, as {@link #closeAt}, for an expiry
	 * that may come nearer while the session is open (a share link's, when its order
	 * ends): {@code expiry} is asked again at the time it gave, and at least every
	 * minute.
	 */
	void closeWhenExpired(String sessionId, Supplier<Instant> expiry, String reason) {
		OpenSession session = this.sessions.get(sessionId);
		if (session != null) {
			checkExpiry(session, expiry, reason);
		}
	}

	private void checkExpiry(OpenSession session, Supplier<Instant> expiry, String reason) {
		if (!this.sessions.isOpen(session.id())) {
			return;
		}
		long left = expiry.get().toEpochMilli() - System.currentTimeMillis();
		if (left <= 0) {
			session.close(CloseStatus.POLICY_VIOLATION.withReason(reason));
			return;
		}
		session.expiry = this.timer.schedule(() -> checkExpiry(session, expiry, reason),
				Math.min(left, EXPIRY_RECHECK_MILLIS), TimeUnit.MILLISECONDS);
	}

	/** Stops the expiry checks of a session that closed. */
	void cancel(OpenSession session) {
		ScheduledFuture<?> expiry = session.expiry;
		if (expiry != null) {
			expiry.cancel(false);
		}
	}

}
