package com.acme.tracking.history;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How an ETA reading is judged against the real arrival, by the windows of the public
 * TransitApp ETA benchmark (the same definitions as the ETA bench's {@code EtaScore}).
 * The error is the real arrival minus the estimated arrival (positive: the order arrived
 * later than said); the time to arrival is the real arrival minus the time the reading
 * was given from (the fix's time). A reading is in the first bucket whose
 * {@code upToSeconds} its time to arrival is below (a reading after the arrival counts in
 * the first), and within its window when the error lies in [{@code -earlySeconds},
 * {@code +lateSeconds}]. Readings 30 minutes or more before the arrival are in
 * {@value #BEYOND} and have no window. The score is the mean of the windows' shares, over
 * the windows that have readings. Seconds are exact to the millisecond.
 */
public final class EtaAccuracy {

	/** The bucket of readings 30 minutes or more before the arrival: no window. */
	public static final String BEYOND = "30m+";

	/**
	 * A bucket of time to arrival and its window.
	 *
	 * @param until its name (the {@code until} tag and field)
	 * @param fromSeconds time to arrival from (inclusive)
	 * @param upToSeconds time to arrival up to (exclusive)
	 * @param earlySeconds how much earlier than estimated the arrival may be
	 * @param lateSeconds how much later than estimated the arrival may be
	 */
	public record Window(String until, long fromSeconds, long upToSeconds, long earlySeconds, long lateSeconds) {

		/** Whether an error (arrival minus estimate, seconds) is within this window. */
		public boolean within(double errorSeconds) {
			return errorSeconds >= -this.earlySeconds && errorSeconds <= this.lateSeconds;
		}

	}

	/** The five windows, nearest the arrival first. */
	public static final List<Window> WINDOWS = List.of(new Window("0-3m", 0, 180, 30, 90),
			new Window("3-6m", 180, 360, 60, 150), new Window("6-10m", 360, 600, 60, 210),
			new Window("10-15m", 600, 900, 90, 270), new Window("15-30m", 900, 1800, 120, 360));

	/** Every bucket name: the windows' and {@value #BEYOND}. */
	public static final List<String> BUCKETS = List.of("0-3m", "3-6m", "6-10m", "10-15m", "15-30m", BEYOND);

	private EtaAccuracy() {
	}

	/** The window of a reading this long before the arrival, or null past 30 minutes. */
	public static @Nullable Window window(double secondsToArrival) {
		for (Window window : WINDOWS) {
			if (secondsToArrival < window.upToSeconds()) {
				return window;
			}
		}
		return null;
	}

	/** The bucket name of a reading this long before the arrival. */
	public static String until(double secondsToArrival) {
		Window window = window(secondsToArrival);
		return (window != null) ? window.until() : BEYOND;
	}

	/**
	 * The mean of the windows' shares within, over those that have readings; null when
	 * none has.
	 * @param shares the share within of each window, in {@link #WINDOWS} order, null for
	 * one without readings
	 */
	public static @Nullable Double score(List<@Nullable Double> shares) {
		return shares.stream()
			.filter(Objects::nonNull)
			.mapToDouble(Double::doubleValue)
			.average()
			.stream()
			.boxed()
			.findFirst()
			.orElse(null);
	}

}
