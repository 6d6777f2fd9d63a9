package com.acme.tracking.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a keyset page ends: a row's time, Kafka partition and offset (unique per record).
 * Clients see it as an opaque cursor; a page that follows it starts strictly after it, so
 * rows inserted meanwhile neither repeat nor shift pages.
 *
 * @param time the row's time
 * @param partition its Kafka partition
 * @param offset its Kafka offset
 */
public record PageKey(Instant time, int partition, long offset) {

	public String toCursor() {
		String raw = "1:" + this.time.toEpochMilli() + ":" + this.time.getNano() % 1_000_000 + ":" + this.partition
				+ ":" + this.offset;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	/** Reads a cursor; throws {@link IllegalArgumentException} for anything not ours. */
	public static PageKey fromCursor(String cursor) {
		String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
		String[] parts = raw.split(":");
		if (parts.length != 5 || !parts[0].equals("1")) {
			throw new IllegalArgumentException("not a cursor");
		}
		Instant time = Instant.ofEpochMilli(Long.parseLong(parts[1])).plusNanos(Long.parseLong(parts[2]));
		return new PageKey(time, Integer.parseInt(parts[3]), Long.parseLong(parts[4]));
	}

}
