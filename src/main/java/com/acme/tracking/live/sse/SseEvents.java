package com.acme.tracking.live.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The SSE wire format, {@code SseEmitter}'s: {@code event:}, {@code data:} and
 * {@code id:} lines, then a blank line.
 */
final class SseEvents {

	/** An SSE comment: clients ignore it. */
	static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.UTF_8);

	private static final byte[] NEWLINE_DATA = "\ndata:".getBytes(StandardCharsets.UTF_8);

	private SseEvents() {
	}

	/**
	 * One event, named by its type; a multi-line body gets one {@code data:} per line.
	 * @param version the order's state version, sent as the event's id (a resuming
	 * client's {@code Last-Event-ID}), or -1 for none
	 */
	static byte[] event(String type, byte[] body, long version) {
		ByteArrayOutputStream event = new ByteArrayOutputStream(body.length + type.length() + 32);
		event.writeBytes(("event:" + type + "\ndata:").getBytes(StandardCharsets.UTF_8));
		int from = 0;
		for (int i = 0; i < body.length; i++) {
			if (body[i] == '\n') {
				event.write(body, from, i - from);
				event.writeBytes(NEWLINE_DATA);
				from = i + 1;
			}
		}
		event.write(body, from, body.length - from);
		event.write('\n');
		if (version >= 0) {
			event.writeBytes(("id:" + version + "\n").getBytes(StandardCharsets.UTF_8));
		}
		event.write('\n');
		return event.toByteArray();
	}

}
