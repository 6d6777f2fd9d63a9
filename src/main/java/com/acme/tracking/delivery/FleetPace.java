package com.acme.tracking.delivery;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

import com.acme.tracking.shared.GeoPoint;

/**
 * The pace of the whole fleet against the model, area by area, over the last
 * {@value #WINDOW_MINUTES} minutes: the live residual that today's traffic adds to what
 * history learned (a rush hour the history has not seen, rain, an event). Every fix of a
 * carrying courier adds the seconds it took and the seconds the model expected for its
 * ground to its area's minute.
 *
 * <p>
 * Read at a fix's time, from the minutes before that fix's minute only, each weighed down
 * with age (time constant {@value #MEMORY_MINUTES} minutes): what the fleet did after a
 * fix never changes the ETA given from it, whatever order fixes arrive in. An area is a
 * geohash cell of precision {@value #PRECISION} (about 39 × 20 km: a city) of the order's
 * destination. Memory: {@value #MINUTES} minute slots (about 0.8 KB) per area; an area is
 * dropped an hour after its last fix ({@link #forgetQuiet}).
 */
final class FleetPace {

	static final int PRECISION = 4;

	static final int WINDOW_MINUTES = 30;

	static final double MEMORY_MINUTES = 15;

	/** The model's weight against the fleet's pace, in seconds of trips. */
	static final double PRIOR_SECONDS = 1200;

	static final int MINUTES = 32;

	private final ConcurrentHashMap<Long, Area> areas = new ConcurrentHashMap<>();

	private volatile Area last = new Area(Long.MIN_VALUE);

	/** Adds a fix's seconds and the model's for its ground. */
	void add(GeoPoint destination, long fixMillis, double seconds, double expected) {
		area(destination).add(Math.floorDiv(fixMillis, 60_000), seconds, expected);
	}

	/**
	 * The fleet's pace in the destination's area before the minute of {@code fixMillis},
	 * read against the history's own ({@code baseline}); 1 without fixes.
	 */
	double factor(GeoPoint destination, long fixMillis, double baseline) {
		long key = Geohash.encode(destination.lat(), destination.lon(), PRECISION);
		Area area = this.last;
		if (area.key != key) {
			area = this.areas.get(key);
		}
		return (area != null) ? area.factor(Math.floorDiv(fixMillis, 60_000), baseline) : 1;
	}

	/**
	 * Forgets areas without a fix in the hour before the latest fix of any area (fix
	 * time, so that a replay of old fixes keeps its areas); returns how many.
	 */
	int forgetQuiet() {
		long latest = Long.MIN_VALUE;
		for (Area area : this.areas.values()) {
			latest = Math.max(latest, area.latest());
		}
		long minute = latest - 60;
		int before = this.areas.size();
		this.areas.values().removeIf((area) -> area.latest() < minute);
		return before - this.areas.size();
	}

	private Area area(GeoPoint destination) {
		long key = Geohash.encode(destination.lat(), destination.lon(), PRECISION);
		Area area = this.last;
		if (area.key != key) {
			area = this.areas.computeIfAbsent(key, Area::new);
			this.last = area;
		}
		return area;
	}

	/** One area's minutes, a ring of {@value #MINUTES} slots. */
	private static final class Area {

		final long key;

		private final long[] minute = new long[MINUTES];

		private final double[] elapsed = new double[MINUTES];

		private final double[] expected = new double[MINUTES];

		Area(long key) {
			this.key = key;
			Arrays.fill(this.minute, Long.MIN_VALUE);
		}

		synchronized void add(long at, double seconds, double expectedSeconds) {
			int slot = (int) Math.floorMod(at, MINUTES);
			if (this.minute[slot] != at) {
				if (this.minute[slot] > at) {
					return; // older than the ring holds: past the window anyway
				}
				this.minute[slot] = at;
				this.elapsed[slot] = 0;
				this.expected[slot] = 0;
			}
			this.elapsed[slot] += seconds;
			this.expected[slot] += expectedSeconds;
		}

		synchronized double factor(long at, double baseline) {
			double elapsedSum = 0;
			double expectedSum = 0;
			for (int slot = 0; slot < MINUTES; slot++) {
				long age = at - this.minute[slot];
				if (age >= 1 && age <= WINDOW_MINUTES) {
					double weight = Math.exp(-(age - 1) / MEMORY_MINUTES);
					elapsedSum += weight * this.elapsed[slot];
					expectedSum += weight * this.expected[slot];
				}
			}
			double factor = (PRIOR_SECONDS + elapsedSum / baseline) / (PRIOR_SECONDS + expectedSum);
			return Math.min(Pace.MAX_FACTOR, Math.max(Pace.MIN_FACTOR, factor));
		}

		synchronized long latest() {
			long latest = Long.MIN_VALUE;
			for (long m : this.minute) {
				latest = Math.max(latest, m);
			}
			return latest;
		}

	}

}
