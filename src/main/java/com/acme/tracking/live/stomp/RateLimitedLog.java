package com.acme.tracking.live.stomp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Log lines about what clients do wrong, at most one per interval and kind: a flood of
 * bad frames writes a line every few seconds, each saying how many like it were left out
 * since the one before. The counting is the metrics' job; these lines only say what
 * happens. Kinds are a small fixed set (never anything a client chooses), so the map
 * stays small.
 */
final class RateLimitedLog {

	private final Log log;

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	RateLimitedLog(Log log, long intervalNanos, LongSupplier nanoTime) {
		this.log = log;
		this.intervalNanos = intervalNanos;
		this.nanoTime = nanoTime;
	}

	/** A WARN line for {@code kind}, unless one was written within the interval. */
	void warn(String kind, String message) {
		String line = line(kind, message);
		if (line != null) {
			this.log.warn(line);
		}
	}

	/**
	 * An ERROR line with the stack trace (something unexpected), unless one of this kind
	 * was written within the interval.
	 */
	void error(String kind, String message, Throwable ex) {
		String line = line(kind, message);
		if (line != null) {
			this.log.error(line, ex);
		}
	}

	private @Nullable String line(String kind, String message) {
		long suppressed = this.windows.computeIfAbsent(kind, (k) -> new Window()).take(this.nanoTime.getAsLong());
		if (suppressed < 0) {
			return null;
		}
		return (suppressed > 0) ? message + " (" + suppressed + " more like it since the last line)" : message;
	}

	private final class Window {

		private boolean started;

		private long nextNanos;

		private long suppressed;

		/**
		 * @return -1 when this line is left out, else how many were left out before it
		 */
		synchronized long take(long now) {
			if (this.started && now - this.nextNanos < 0) {
				this.suppressed++;
				return -1;
			}
			this.started = true;
			this.nextNanos = now + RateLimitedLog.this.intervalNanos;
			long before = this.suppressed;
			this.suppressed = 0;
			return before;
		}

	}

}
