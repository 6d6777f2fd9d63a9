package com.acme.tracking.live.stomp;

import org.springframework.context.ApplicationContext;
import org.springframework.web.socket.CloseStatus;

/**
 * For tests of clients: closes every open STOMP session as a replica going away does
 * (1001), so that a client's reconnection can be watched.
 */
public final class SessionsGoingAway {

	private SessionsGoingAway() {
	}

	/** Closes every open session; answers how many there were. */
	public static int closeAll(ApplicationContext context) {
		int closed = 0;
		for (OpenSession session : context.getBean(StompSessions.class).all()) {
			session.close(CloseStatus.GOING_AWAY);
			closed++;
		}
		return closed;
	}

}
