package com.acme.tracking.live.stomp;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * On shutdown, before any lifecycle stops (the broker, the web server's graceful drain),
 * closes every STOMP session with 1001 (going away) so clients reconnect to another
 * replica.
 */
@Component
class GoingAway implements ApplicationListener<ContextClosedEvent> {

	private final StompSessions sessions;

	GoingAway(StompSessions sessions) {
		this.sessions = sessions;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		for (OpenSession session : this.sessions.all()) {
			session.close(CloseStatus.GOING_AWAY);
		}
	}

}
