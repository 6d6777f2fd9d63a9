package com.acme.tracking.live.push;

/**
 * Where a subscription's messages go: one STOMP subscription or one SSE stream. Sending
 * never blocks the caller (the ingest thread): a sink queues and writes elsewhere, and
 * closes a client that stopped reading rather than buffer without bound.
 */
public interface Sink {

	/**
	 * Queues a message.
	 * @param type the message's {@code type}
	 * @param body the JSON body
	 * @param version the order's state version, for the messages a resuming client must
	 * not miss (snapshot, status, notification; an SSE stream sends it as the event id),
	 * or -1 (positions)
	 */
	void send(String type, byte[] body, long version);

	/** Whether the client is still there. */
	boolean open();

}
