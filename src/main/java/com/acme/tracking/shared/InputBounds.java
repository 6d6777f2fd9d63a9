package com.acme.tracking.shared;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The bounds every id and time the service accepts must keep (DESIGN.md, Inputs): ids of
 * at most {@value #MAX_ID_LENGTH} characters without control characters, times from
 * {@link #EARLIEST} to now plus the allowed clock skew. One place, read by the live
 * ingest, the history writer and the REST parameters alike, so that what one accepts the
 * warehouse never refuses.
 */
public final class InputBounds {

	/** The longest id accepted, in characters. */
	public static final int MAX_ID_LENGTH = 128;

	/** The earliest time accepted: 2000-01-01T00:00:00Z. */
	public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	private InputBounds() {
	}

	/**
	 * What is wrong with an id, or null when it is fine. A null or blank id is the
	 * caller's to judge (required or optional).
	 * @param field the field's name, for the reason
	 */
	public static @Nullable String idProblem(String field, String id) {
		if (id.length() > MAX_ID_LENGTH) {
			return "'" + field + "' is longer than " + MAX_ID_LENGTH + " characters (" + id.length() + ")";
		}
		for (int i = 0; i < id.length(); i++) {
			if (Character.isISOControl(id.charAt(i))) {
				return "'" + field + "' contains a control character at index " + i;
			}
		}
		return null;
	}

	/**
	 * What is wrong with a time, or null when it lies from {@link #EARLIEST} to
	 * {@code now + maxClockSkew}.
	 * @param field the field's name, for the reason
	 */
	public static @Nullable String timeProblem(String field, Instant time, Instant now, Duration maxClockSkew) {
		if (time.isBefore(EARLIEST)) {
			return "'" + field + "' is before " + EARLIEST + ": " + time;
		}
		if (time.isAfter(now.plus(maxClockSkew))) {
			return "'" + field + "' is in the future: " + time;
		}
		return null;
	}

}
