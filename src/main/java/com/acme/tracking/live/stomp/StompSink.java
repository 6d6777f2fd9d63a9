package com.acme.tracking.live.stomp;

import com.acme.tracking.live.push.Sink;

/**
 * One STOMP subscription of a session, as the push sees it. The state version is not
 * sent: STOMP clients do not resume, they get a new snapshot when they subscribe again.
 */
record StompSink(StompOutbound outbound, String sessionId, String subscriptionId, String destination) implements Sink {

	@Override
	public void send(String type, byte[] body, long version) {
		this.outbound.send(this.sessionId, this.subscriptionId, this.destination, body);
	}

	@Override
	public boolean open() {
		return this.outbound.isOpen(this.sessionId);
	}

}
