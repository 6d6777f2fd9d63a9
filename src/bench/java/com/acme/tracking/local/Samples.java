package com.acme.tracking.local;

import java.util.Arrays;

/**
 * Latency samples of a benchmark client (microseconds), collected from any thread, and
 * their percentiles.
 */
final class Samples {

	private long[] values = new long[1024];

	private int size;

	synchronized void add(long micros) {
		if (this.size == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.size * 2);
		}
		this.values[this.size++] = micros;
	}

	synchronized int count() {
		return this.size;
	}

	synchronized void clear() {
		this.size = 0;
	}

	/** The value at a quantile, in milliseconds; NaN without samples. */
	synchronized double millis(double quantile) {
		if (this.size == 0) {
			return Double.NaN;
		}
		long[] sorted = Arrays.copyOf(this.values, this.size);
		Arrays.sort(sorted);
		return sorted[Math.min(this.size - 1, Math.max(0, (int) Math.ceil(quantile * this.size) - 1))] / 1000.0;
	}

	/** "n=… p50 … p90 … p99 … max …" in milliseconds. */
	String summary() {
		return String.format("n=%d p50 %.1f ms p90 %.1f ms p99 %.1f ms max %.1f ms", count(), millis(0.5), millis(0.9),
				millis(0.99), millis(1.0));
	}

}
