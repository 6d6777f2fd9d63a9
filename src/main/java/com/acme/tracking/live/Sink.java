package com.acme.tracking.live;

/**
 * Where a subscription's messages go: one STOMP subscription or one SSE stream. Sending
 * never blocks the caller (the ingest thread): a sink queues and writes elsewhere, and
 * closes a client that stopped reading rather than buffer without bound.
 */
interface Sink {

	/**
	 * Queues a message.
	 * @param type the message's {@code type}
	 * @param body the JSON body
	 * @param eventId the order's state version for messages a resuming client must not
	 * miss (snapshot, status, notification), or -1
	 */
	void send(String type, byte[] body, long eventId);

	/** Whether the client is still there. */
	boolean open();

}
