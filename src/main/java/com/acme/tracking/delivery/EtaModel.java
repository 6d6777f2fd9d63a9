package com.acme.tracking.delivery;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;

/**
 * Seconds to arrival as the service's own history has them: for the straight-line
 * distance left to the destination, the destination's area (a geohash cell) and the hour
 * of the week, the 10th, 50th and 90th percentile of the seconds from a fix at that
 * distance to the order's {@code DELIVERED} event. Immutable, and read without a lock or
 * an allocation on the hot path ({@link #median}).
 *
 * <p>
 * <b>Keys.</b> A curve over {@link #BAND_EDGES distance bands} is learned for each key of
 * four levels: (cell, hour of week), (cell), (hour of week) and one global curve. A key
 * has a curve only when at least {@value #MIN_TRIPS} distinct trips gave it samples.
 * Looking up backs off from the finest level that has the key: (cell, hour) → (cell),
 * times the hour's factor (how much longer than their area's curve trips take at that
 * hour, learned over all areas) → (hour) → global. Within a curve a band with few samples
 * leans on its parent level (its value is the parent's, weighted against its own trips
 * with a prior of {@value #BAND_PRIOR} trips), and a band without any takes the parent's
 * value, so that a thin corner of a key never stands on a handful of readings.
 *
 * <p>
 * <b>Statistics.</b> Quantiles, not means: one courier who parked for an hour moves the
 * p90 a little and the median not at all. A curve's values sit at the bands' middles and
 * are interpolated linearly in between, so the ETA is continuous in distance; below the
 * first middle it is flat (the last metres and the hand-over take about the same time
 * from anywhere close), beyond the last it grows in proportion to the distance. Each
 * quantile is made non-decreasing in distance. Within a band each trip weighs one,
 * however many readings (about one a minute) it left there: a courier parked for an hour
 * inside a band is one trip, not sixty readings. Each reading is moved to its band's
 * middle first (see {@link #HANDOVER_METERS}), so that where in the band the fixes
 * happened to fall does not bias the band.
 *
 * <p>
 * <b>Hours without trips.</b> Traffic changes by the hour, not at its edges: an hour of
 * the week without enough trips for a factor of its own takes that of the nearest learned
 * hours within {@value #NEAR_HOURS} (their mean when two are as near).
 *
 * <p>
 * <b>The history's own pace.</b> {@link #paceBaseline} is the median trip's seconds over
 * the seconds the model's medians expected for its ground, minute by minute (ground that
 * brings a courier no closer is expected to take nothing, so real trips, which detour,
 * measure more than 1 against their own medians); a live trip's pace is read against it
 * ({@link Pace}).
 *
 * <p>
 * <b>Cell size.</b> The geohash precision is chosen from the data when the model is
 * built: the finest of 6 (about 1.2 km), 5 (about 4.9 km) and 4 (about 39 km) at which at
 * least {@value #DENSE_SHARE_PERCENT} % of the trips lie in cells holding
 * {@value #MIN_TRIPS} trips or more (cells of their own); 4 when none is.
 */
public final class EtaModel {

	/**
	 * Distinct trips a key needs for a curve of its own: its p10 and p90 then rest on at
	 * least two or three trips beyond each, and its median's standard error is about a
	 * quarter of the trips' spread (1.25 / √25); fewer and a key would learn one
	 * courier's habits.
	 */
	public static final int MIN_TRIPS = 25;

	/**
	 * A band's own trips are weighed against its parent level's value as if the parent
	 * brought this many trips: a band crossed by 5 trips is half its own.
	 */
	static final int BAND_PRIOR = 5;

	/**
	 * A reading is moved to the middle of its band as if the time left were affine in the
	 * distance, {@code (d + 250 m)} at the pace of the reading: the 250 m stand for the
	 * hand-over at the door (about a minute at city speed).
	 */
	static final double HANDOVER_METERS = 250;

	/** The cells of a chosen precision must hold this share of the trips. */
	static final int DENSE_SHARE_PERCENT = 80;

	/** Geohash precisions tried, finest first. */
	private static final int[] PRECISIONS = { 6, 5, 4 };

	/**
	 * Edges of the distance bands (m): narrow near the destination, wider further out.
	 */
	static final double[] BAND_EDGES = { 0, 100, 250, 500, 750, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 6500, 8000,
			10000, 13000, 17000, 22000, 30000 };

	static final int BANDS = BAND_EDGES.length - 1;

	/** Where each band's values sit: its middle. */
	static final double[] CENTERS = centers();

	/** Readings further away (m) are not learned from: not a city trip. */
	static final double MAX_METERS = BAND_EDGES[BANDS];

	/** Readings longer before the arrival (s) are not learned from: a forgotten order. */
	static final double MAX_SECONDS = 4 * 3600;

	/** An hour's factor on a cell's curve is kept within these. */
	private static final double MIN_HOUR_FACTOR = 0.5;

	private static final double MAX_HOUR_FACTOR = 2.0;

	/** An hour without a factor of its own takes that of the nearest within this many. */
	static final int NEAR_HOURS = 2;

	private static final long MAX_SECONDS_KEY = (1L << 16) - 1;

	/** The history's pace against its own medians is kept within these. */
	static final double MIN_BASELINE = 0.8;

	static final double MAX_BASELINE = 1.5;

	/** Spread of the fallback model around its median. */
	static final double FALLBACK_P10 = 0.7;

	static final double FALLBACK_P90 = 1.5;

	private static final int HOURS_OF_WEEK = 168;

	private static final long NO_HOUR = 255;

	private static final long GLOBAL = NO_HOUR;

	private final ZoneRules zone;

	private final ZoneId zoneId;

	/**
	 * The zone's offset (s) when it never changes (UTC), else {@code Integer.MIN_VALUE}.
	 */
	private final int fixedOffset;

	private final int precision;

	/** Sorted keys: {@code (cell + 1) << 8 | hour}, cell 0 and hour 255 for "any". */
	private final long[] keys;

	/** Distinct trips behind each key. */
	private final int[] keyTrips;

	/** For each key, band by band, p10, p50 and p90 in seconds. */
	private final float[] values;

	/** A cell's curve is multiplied by this at each hour of the week. */
	private final float[] hourFactors;

	private final int global;

	private final int trips;

	private final Instant builtAt;

	private final boolean learned;

	private final double paceBaseline;

	private final double fleetBaseline;

	private EtaModel(ZoneId zone, int precision, long[] keys, int[] keyTrips, float[] values, float[] hourFactors,
			int trips, Instant builtAt, boolean learned, double[] baselines) {
		this.paceBaseline = baselines[0];
		this.fleetBaseline = baselines[1];
		this.hourFactors = hourFactors;
		this.zoneId = zone;
		this.zone = zone.getRules();
		this.fixedOffset = this.zone.isFixedOffset() ? this.zone.getOffset(Instant.EPOCH).getTotalSeconds()
				: Integer.MIN_VALUE;
		this.precision = precision;
		this.keys = keys;
		this.keyTrips = keyTrips;
		this.values = values;
		this.global = Arrays.binarySearch(keys, GLOBAL);
		this.trips = trips;
		this.builtAt = builtAt;
		this.learned = learned;
		if (this.global < 0) {
			throw new IllegalArgumentException("A model needs a global curve");
		}
	}

	/**
	 * The model before there is any history: the road distance (straight line times
	 * {@code detourFactor}) at a steady {@code metersPerSecond} for the median, with p10
	 * and p90 at {@value #FALLBACK_P10} and {@value #FALLBACK_P90} times it.
	 */
	public static EtaModel fallback(double detourFactor, double metersPerSecond, Instant builtAt) {
		float[] values = new float[BANDS * 3];
		for (int b = 0; b < BANDS; b++) {
			double median = CENTERS[b] * detourFactor / metersPerSecond;
			values[b * 3] = (float) (median * FALLBACK_P10);
			values[b * 3 + 1] = (float) median;
			values[b * 3 + 2] = (float) (median * FALLBACK_P90);
		}
		float[] hours = new float[HOURS_OF_WEEK];
		Arrays.fill(hours, 1f);
		return new EtaModel(ZoneId.of("UTC"), 0, new long[] { GLOBAL }, new int[] { 0 }, values, hours, 0, builtAt,
				false, new double[] { 1, 1 });
	}

	/** A builder that learns a model from delivered trips, hours read in {@code zone}. */
	public static Builder builder(ZoneId zone) {
		return new Builder(zone);
	}

	/** p10, p50 and p90 of the seconds to arrival from a fix {@code meters} away. */
	public Quantiles predict(GeoPoint destination, double meters, Instant at) {
		double[] q = new double[3];
		evaluate(destination, meters, at, q, 0, 3);
		double p50 = q[1];
		return new Quantiles(Math.min(q[0], p50), p50, Math.max(q[2], p50));
	}

	/** The median seconds to arrival (no allocation: for the hot path). */
	public double median(GeoPoint destination, double meters, Instant at) {
		return median(destination, meters, at.getEpochSecond());
	}

	double median(GeoPoint destination, double meters, long epochSecond) {
		if (this.keys.length == 1) {
			return value(this.global, 1, meters);
		}
		return evaluate(destination, meters, epochSecond, null, 1, 2);
	}

	private double evaluate(GeoPoint destination, double meters, Instant at, double @Nullable [] out, int from,
			int to) {
		return evaluate(destination, meters, at.getEpochSecond(), out, from, to);
	}

	/**
	 * Writes quantiles {@code from..to-1} into {@code out} (when given) and returns the
	 * last.
	 */
	private double evaluate(GeoPoint destination, double meters, long epochSecond, double @Nullable [] out, int from,
			int to) {
		int exact = -1;
		int cell = -1;
		int hour = -1;
		int hourOfWeek = 0;
		if (this.keys.length > 1) {
			long cellKey = (Geohash.encode(destination.lat(), destination.lon(), this.precision) + 1) << 8;
			hourOfWeek = hourOfWeek(epochSecond);
			exact = Arrays.binarySearch(this.keys, cellKey | hourOfWeek);
			if (exact < 0) {
				cell = Arrays.binarySearch(this.keys, cellKey | NO_HOUR);
				hour = Arrays.binarySearch(this.keys, hourOfWeek);
			}
		}
		double last = 0;
		for (int q = from; q < to; q++) {
			double value;
			if (exact >= 0) {
				value = value(exact, q, meters);
			}
			else if (cell >= 0) {
				value = value(cell, q, meters) * this.hourFactors[hourOfWeek];
			}
			else {
				value = value((hour >= 0) ? hour : this.global, q, meters);
			}
			if (out != null) {
				out[q] = value;
			}
			last = value;
		}
		return last;
	}

	/** Quantile {@code q} of curve {@code key}, interpolated at {@code meters}. */
	private double value(int key, int q, double meters) {
		return interpolate(this.values, key * BANDS * 3, q, meters);
	}

	/**
	 * Quantile {@code q} of the curve at {@code offset} of {@code values}, at
	 * {@code meters}: linear between the bands' middles, flat before the first, in
	 * proportion to the distance after the last.
	 */
	static double interpolate(float[] values, int offset, int q, double meters) {
		int base = offset + q;
		if (meters <= CENTERS[0]) {
			return values[base];
		}
		if (meters >= CENTERS[BANDS - 1]) {
			return values[base + (BANDS - 1) * 3] * meters / CENTERS[BANDS - 1];
		}
		int b = 0;
		while (meters >= CENTERS[b + 1]) {
			b++;
		}
		double t = (meters - CENTERS[b]) / (CENTERS[b + 1] - CENTERS[b]);
		return values[base + b * 3] * (1 - t) + values[base + (b + 1) * 3] * t;
	}

	/** Hour of the week in the model's zone, 0 = Monday 00:00–01:00. */
	int hourOfWeek(long epochSecond) {
		long local = epochSecond + ((this.fixedOffset != Integer.MIN_VALUE) ? this.fixedOffset
				: this.zone.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds());
		// 1970-01-01 was a Thursday: 3 days after a Monday.
		return (int) Math.floorMod(Math.floorDiv(local, 3600) + 72, HOURS_OF_WEEK);
	}

	/**
	 * The pace, against this model's medians, of the trips it was learned from (1 for the
	 * fallback): what a trip's pace is read against ({@link Pace}).
	 */
	public double paceBaseline() {
		return this.paceBaseline;
	}

	/**
	 * The same over all the history's ground at once (seconds over expected seconds,
	 * summed over every trip; 1 for the fallback): what the fleet's pace is read against
	 * ({@link FleetPace}), which sums the same way.
	 */
	public double fleetBaseline() {
		return this.fleetBaseline;
	}

	/** Distinct trips learned from (0 for the fallback). */
	public int trips() {
		return this.trips;
	}

	/** Keys with a curve of their own (0 for the fallback). */
	public int keys() {
		return this.learned ? this.keys.length : 0;
	}

	/** Whether it was learned from history (false: the fallback). */
	public boolean learned() {
		return this.learned;
	}

	/** When it was built (the fallback: when the replica started). */
	public Instant builtAt() {
		return this.builtAt;
	}

	/** The geohash precision of its cells (0 for the fallback). */
	public int precision() {
		return this.precision;
	}

	/** The zone its hours of the week are read in. */
	public ZoneId zone() {
		return this.zoneId;
	}

	/** Keys per level, for logs: global, hour, cell, cell and hour. */
	public String describe() {
		int hours = 0;
		int cells = 0;
		int both = 0;
		for (long key : this.keys) {
			boolean anyCell = (key >>> 8) == 0;
			boolean anyHour = (key & 0xFF) == NO_HOUR;
			if (anyCell && !anyHour) {
				hours++;
			}
			else if (!anyCell && anyHour) {
				cells++;
			}
			else if (!anyCell) {
				both++;
			}
		}
		return String.format(
				"%d trips, geohash precision %d, keys: 1 global, %d hours, %d cells, %d cell-hours, pace baseline %.3f, fleet %.3f",
				this.trips, this.precision, hours, cells, both, this.paceBaseline, this.fleetBaseline);
	}

	/** Distinct trips behind the curve a lookup would start from, for tests. */
	int tripsBehind(GeoPoint destination, Instant at) {
		if (this.keys.length == 1) {
			return this.keyTrips[this.global];
		}
		long cellKey = (Geohash.encode(destination.lat(), destination.lon(), this.precision) + 1) << 8;
		long hour = hourOfWeek(at.getEpochSecond());
		for (long key : new long[] { cellKey | hour, cellKey | NO_HOUR, hour, GLOBAL }) {
			int found = Arrays.binarySearch(this.keys, key);
			if (found >= 0) {
				return this.keyTrips[found];
			}
		}
		return 0;
	}

	/**
	 * Which level a lookup starts from, for tests: "cell-hour", "cell", "hour", "global".
	 */
	String level(GeoPoint destination, Instant at) {
		if (this.keys.length == 1) {
			return "global";
		}
		long cellKey = (Geohash.encode(destination.lat(), destination.lon(), this.precision) + 1) << 8;
		long hour = hourOfWeek(at.getEpochSecond());
		if (Arrays.binarySearch(this.keys, cellKey | hour) >= 0) {
			return "cell-hour";
		}
		if (Arrays.binarySearch(this.keys, cellKey | NO_HOUR) >= 0) {
			return "cell";
		}
		return (Arrays.binarySearch(this.keys, hour) >= 0) ? "hour" : "global";
	}

	private static double[] centers() {
		double[] centers = new double[BANDS];
		for (int b = 0; b < BANDS; b++) {
			centers[b] = (BAND_EDGES[b] + BAND_EDGES[b + 1]) / 2;
		}
		return centers;
	}

	static int band(double meters) {
		int b = Arrays.binarySearch(BAND_EDGES, meters);
		b = (b >= 0) ? b : -b - 2;
		return Math.min(BANDS - 1, Math.max(0, b));
	}

	/**
	 * Seconds to arrival at three quantiles.
	 *
	 * @param p10 one arrival in ten is sooner
	 * @param p50 the median
	 * @param p90 one arrival in ten is later
	 */
	public record Quantiles(double p10, double p50, double p90) {
	}

	/**
	 * Learns a model from delivered trips: each trip's destination and arrival, and the
	 * fixes of its carrying courier between the pickup and the arrival (about one a
	 * minute is plenty). Holds primitive arrays only: a few million fixes are a few tens
	 * of MB. Not thread-safe.
	 */
	public static final class Builder {

		private final ZoneId zoneId;

		private final ZoneRules zone;

		private double[] tripLat = new double[1024];

		private double[] tripLon = new double[1024];

		private long[] tripArrival = new long[1024];

		private int trips;

		private int[] sampleTrip = new int[16384];

		private float[] sampleMeters = new float[16384];

		private float[] sampleSeconds = new float[16384];

		private byte[] sampleHour = new byte[16384];

		private int samples;

		private Builder(ZoneId zone) {
			this.zoneId = zone;
			this.zone = zone.getRules();
		}

		/** A delivered trip; returns its number, for {@link #fix}. */
		public int trip(GeoPoint destination, Instant arrivedAt) {
			if (this.trips == this.tripLat.length) {
				int size = this.trips * 2;
				this.tripLat = Arrays.copyOf(this.tripLat, size);
				this.tripLon = Arrays.copyOf(this.tripLon, size);
				this.tripArrival = Arrays.copyOf(this.tripArrival, size);
			}
			this.tripLat[this.trips] = destination.lat();
			this.tripLon[this.trips] = destination.lon();
			this.tripArrival[this.trips] = arrivedAt.toEpochMilli();
			return this.trips++;
		}

		/**
		 * A fix of the trip's carrying courier; one after the arrival, or too far or too
		 * long before it, teaches nothing and is left out.
		 */
		public void fix(int trip, double lat, double lon, Instant recordedAt) {
			double seconds = (this.tripArrival[trip] - recordedAt.toEpochMilli()) / 1000.0;
			if (seconds < 0 || seconds > MAX_SECONDS) {
				return;
			}
			double meters = new GeoPoint(lat, lon).distanceTo(new GeoPoint(this.tripLat[trip], this.tripLon[trip]));
			if (meters > MAX_METERS) {
				return;
			}
			if (this.samples == this.sampleTrip.length) {
				int size = this.samples * 2;
				this.sampleTrip = Arrays.copyOf(this.sampleTrip, size);
				this.sampleMeters = Arrays.copyOf(this.sampleMeters, size);
				this.sampleSeconds = Arrays.copyOf(this.sampleSeconds, size);
				this.sampleHour = Arrays.copyOf(this.sampleHour, size);
			}
			long epochSecond = recordedAt.getEpochSecond();
			long local = epochSecond + this.zone.getOffset(recordedAt).getTotalSeconds();
			this.sampleTrip[this.samples] = trip;
			this.sampleMeters[this.samples] = (float) meters;
			this.sampleSeconds[this.samples] = (float) seconds;
			this.sampleHour[this.samples] = (byte) Math.floorMod(Math.floorDiv(local, 3600) + 72, HOURS_OF_WEEK);
			this.samples++;
		}

		/** Fixes kept so far. */
		public int samples() {
			return this.samples;
		}

		/**
		 * The model, or null when fewer than {@value #MIN_TRIPS} trips gave a sample (too
		 * little history: keep what is in use).
		 */
		public @Nullable EtaModel build(Instant builtAt) {
			boolean[] sampled = new boolean[this.trips];
			for (int s = 0; s < this.samples; s++) {
				sampled[this.sampleTrip[s]] = true;
			}
			int learnedTrips = 0;
			for (boolean b : sampled) {
				learnedTrips += b ? 1 : 0;
			}
			if (learnedTrips < MIN_TRIPS) {
				return null;
			}
			int precision = precision(sampled);
			long[] tripCell = new long[this.trips];
			for (int t = 0; t < this.trips; t++) {
				tripCell[t] = Geohash.encode(this.tripLat[t], this.tripLon[t], precision) + 1;
			}
			Map<Long, Curve> curves = new HashMap<>();
			for (int level = 0; level < 4; level++) {
				learnLevel(level, tripCell, curves);
			}
			Curve global = curves.get(GLOBAL);
			global.fillAlone();
			global.monotone();
			for (Curve curve : curves.values()) {
				if (curve.key != GLOBAL && (curve.key >>> 8 == 0 || (curve.key & 0xFF) == NO_HOUR)) {
					curve.lean(global.values);
					curve.monotone();
				}
			}
			float[] hourFactors = hourFactors(tripCell, curves, global);
			for (Curve curve : curves.values()) {
				if (curve.key >>> 8 != 0 && (curve.key & 0xFF) != NO_HOUR) {
					float[] parent = curves.get(curve.key | NO_HOUR).values.clone();
					for (int i = 0; i < parent.length; i++) {
						parent[i] *= hourFactors[(int) (curve.key & 0xFF)];
					}
					curve.lean(parent);
					curve.monotone();
				}
			}
			long[] keys = curves.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
			int[] keyTrips = new int[keys.length];
			float[] values = new float[keys.length * BANDS * 3];
			for (int k = 0; k < keys.length; k++) {
				Curve curve = curves.get(keys[k]);
				keyTrips[k] = curve.trips;
				System.arraycopy(curve.values, 0, values, k * BANDS * 3, BANDS * 3);
			}
			EtaModel model = new EtaModel(this.zoneId, precision, keys, keyTrips, values, hourFactors, learnedTrips,
					builtAt, true, new double[] { 1, 1 });
			return new EtaModel(this.zoneId, precision, keys, keyTrips, values, hourFactors, learnedTrips, builtAt,
					true, paceBaseline(model, fixesInOrder()));
		}

		/** The samples' numbers, trip by trip, each trip's in time order. */
		private int[] fixesInOrder() {
			long[] keyed = new long[this.samples];
			for (int s = 0; s < this.samples; s++) {
				// trip, then the seconds to arrival from the longest (at most 4 h), then
				// the sample: one sort of longs
				long seconds = MAX_SECONDS_KEY - Math.min(MAX_SECONDS_KEY, Math.round(this.sampleSeconds[s]));
				keyed[s] = ((long) this.sampleTrip[s] << 40) | (seconds << 24) | s;
			}
			Arrays.sort(keyed);
			int[] index = new int[this.samples];
			for (int k = 0; k < this.samples; k++) {
				index[k] = (int) (keyed[k] & 0xFFFFFF);
			}
			return index;
		}

		/**
		 * The history's own pace against {@code model}: over every trip, minute by
		 * minute, the seconds that passed over the seconds the model's median expected
		 * for the ground covered. Medians are not means (a trip's seconds are skewed:
		 * stops add, nothing subtracts), so a trip exactly like the history does not
		 * measure a pace of 1 against its medians; a pace measured live is read against
		 * this instead. Kept within [{@value #MIN_BASELINE}, {@value #MAX_BASELINE}].
		 */
		private double[] paceBaseline(EtaModel model, int[] index) {
			double[] elapsed = new double[this.trips];
			double[] expected = new double[this.trips];
			for (int k = 1; k < this.samples; k++) {
				int prev = index[k - 1];
				int now = index[k];
				if (this.sampleTrip[prev] != this.sampleTrip[now]) {
					continue;
				}
				int trip = this.sampleTrip[now];
				GeoPoint destination = new GeoPoint(this.tripLat[trip], this.tripLon[trip]);
				long arrival = this.tripArrival[trip] / 1000;
				long prevAt = arrival - Math.round(this.sampleSeconds[prev]);
				long nowAt = arrival - Math.round(this.sampleSeconds[now]);
				elapsed[trip] += this.sampleSeconds[prev] - this.sampleSeconds[now];
				expected[trip] += Math.max(0, model.median(destination, this.sampleMeters[prev], prevAt)
						- model.median(destination, this.sampleMeters[now], nowAt));
			}
			// The median trip's pace, each trip weighing the seconds the model gave it.
			long[] order = new long[this.trips];
			int n = 0;
			for (int t = 0; t < this.trips; t++) {
				if (expected[t] >= 60) {
					float ratio = (float) (elapsed[t] / expected[t]);
					order[n++] = ((long) Float.floatToIntBits(ratio) << 32) | t;
				}
			}
			if (n < MIN_TRIPS) {
				return new double[] { 1, 1 };
			}
			Arrays.sort(order, 0, n);
			float[] sorted = new float[n];
			float[] weights = new float[n];
			for (int k = 0; k < n; k++) {
				int t = (int) order[k];
				sorted[k] = Float.intBitsToFloat((int) (order[k] >>> 32));
				weights[k] = (float) expected[t];
			}
			double baseline = quantile(sorted, weights, n, 0.5);
			double elapsedSum = 0;
			double expectedSum = 0;
			for (int t = 0; t < this.trips; t++) {
				elapsedSum += elapsed[t];
				expectedSum += expected[t];
			}
			return new double[] { Math.min(MAX_BASELINE, Math.max(MIN_BASELINE, baseline)),
					Math.min(MAX_BASELINE, Math.max(MIN_BASELINE, elapsedSum / expectedSum)) };
		}

		/**
		 * How much longer than its area's curve a trip takes at each hour of the week:
		 * the weighted median, over the hour's readings, of the seconds left over what
		 * the reading's cell curve (or, for a cell without one, the global curve)
		 * predicts, each trip weighing one. An hour of fewer than {@value #MIN_TRIPS}
		 * trips has a factor of 1; the others are drawn towards 1 by {@value #BAND_PRIOR}
		 * trips. Learned against the cell's curve, not as the hour's curve over the
		 * global one, so that an hour when mostly a slow area delivers is not taken for a
		 * slow hour.
		 */
		private float[] hourFactors(long[] tripCell, Map<Long, Curve> curves, Curve global) {
			float[] factors = new float[HOURS_OF_WEEK];
			Arrays.fill(factors, 1f);
			boolean[] learned = new boolean[HOURS_OF_WEEK];
			long[] entries = new long[this.samples];
			float[] ratios = new float[Math.max(1, this.samples)];
			int[] indexOf = new int[Math.max(1, this.samples)];
			int kept = 0;
			for (int s = 0; s < this.samples; s++) {
				Curve cell = curves.get((tripCell[this.sampleTrip[s]] << 8) | NO_HOUR);
				double predicted = interpolate((cell != null) ? cell.values : global.values, 0, 1,
						this.sampleMeters[s]);
				if (predicted >= 60) {
					ratios[kept] = (float) (this.sampleSeconds[s] / predicted);
					entries[kept] = ((long) (this.sampleHour[s] & 0xFF) << 32) | kept;
					indexOf[kept] = s;
					kept++;
				}
			}
			Arrays.sort(entries, 0, kept);
			int[] perTrip = new int[this.trips];
			float[] sorted = new float[Math.max(1, kept)];
			float[] weights = new float[Math.max(1, kept)];
			long[] order = new long[Math.max(1, kept)];
			int i = 0;
			while (i < kept) {
				int hour = (int) (entries[i] >>> 32);
				int start = i;
				int trips = 0;
				while (i < kept && (entries[i] >>> 32) == hour) {
					int k = (int) entries[i];
					if (perTrip[this.sampleTrip[indexOf[k]]]++ == 0) {
						trips++;
					}
					order[i - start] = ((long) Float.floatToIntBits(ratios[k]) << 32) | k;
					i++;
				}
				int n = i - start;
				Arrays.sort(order, 0, n);
				for (int j = 0; j < n; j++) {
					int k = (int) order[j];
					sorted[j] = ratios[k];
					weights[j] = 1f / perTrip[this.sampleTrip[indexOf[k]]];
				}
				for (int j = 0; j < n; j++) {
					perTrip[this.sampleTrip[indexOf[(int) order[j]]]] = 0;
				}
				if (trips >= MIN_TRIPS) {
					double median = quantile(sorted, weights, n, 0.5);
					double drawn = 1 + (median - 1) * trips / (trips + BAND_PRIOR);
					factors[hour] = (float) Math.min(MAX_HOUR_FACTOR, Math.max(MIN_HOUR_FACTOR, drawn));
					learned[hour] = true;
				}
			}
			// Traffic changes by the hour, not at its edges: an hour without enough trips
			// of its own takes the factor of the nearest learned hours.
			float[] own = factors.clone();
			for (int hour = 0; hour < HOURS_OF_WEEK; hour++) {
				for (int d = 1; d <= NEAR_HOURS && !learned[hour]; d++) {
					int before = Math.floorMod(hour - d, HOURS_OF_WEEK);
					int after = Math.floorMod(hour + d, HOURS_OF_WEEK);
					if (learned[before] || learned[after]) {
						factors[hour] = (learned[before] && learned[after]) ? (own[before] + own[after]) / 2
								: learned[before] ? own[before] : own[after];
						break;
					}
				}
			}
			return factors;
		}

		/**
		 * The finest precision at which most trips lie in cells with enough trips of
		 * their own.
		 */
		private int precision(boolean[] sampled) {
			for (int precision : PRECISIONS) {
				Map<Long, int[]> perCell = new HashMap<>();
				int total = 0;
				for (int t = 0; t < this.trips; t++) {
					if (sampled[t]) {
						perCell.computeIfAbsent(Geohash.encode(this.tripLat[t], this.tripLon[t], precision),
								(cell) -> new int[1])[0]++;
						total++;
					}
				}
				int dense = 0;
				for (int[] count : perCell.values()) {
					dense += (count[0] >= MIN_TRIPS) ? count[0] : 0;
				}
				if (dense * 100L >= (long) total * DENSE_SHARE_PERCENT) {
					return precision;
				}
			}
			return PRECISIONS[PRECISIONS.length - 1];
		}

		/**
		 * One level's curves: sorts the samples by (key, band) and reads each run's
		 * quantiles; keeps keys of at least {@value #MIN_TRIPS} distinct trips.
		 */
		private void learnLevel(int level, long[] tripCell, Map<Long, Curve> curves) {
			// Dense key numbers, so that (key, band, sample) packs into one long.
			long[] cells = Arrays.stream(tripCell).distinct().sorted().toArray();
			long[] entries = new long[this.samples];
			for (int s = 0; s < this.samples; s++) {
				int hour = this.sampleHour[s] & 0xFF;
				long dense = switch (level) {
					case 0 -> 0;
					case 1 -> 1 + hour;
					case 2 -> 1 + HOURS_OF_WEEK + Arrays.binarySearch(cells, tripCell[this.sampleTrip[s]]);
					default -> 1 + HOURS_OF_WEEK + cells.length
							+ (long) Arrays.binarySearch(cells, tripCell[this.sampleTrip[s]]) * HOURS_OF_WEEK + hour;
				};
				entries[s] = ((dense * BANDS + band(this.sampleMeters[s])) << 32) | s;
			}
			Arrays.sort(entries);
			int[] keyStamp = new int[this.trips];
			int[] perTrip = new int[this.trips];
			Arrays.fill(keyStamp, -1);
			float[] runSeconds = new float[Math.max(1, this.samples)];
			int[] runTrip = new int[Math.max(1, this.samples)];
			long[] order = new long[Math.max(1, this.samples)];
			float[] sorted = new float[Math.max(1, this.samples)];
			float[] weights = new float[Math.max(1, this.samples)];
			int i = 0;
			int keyRun = 0;
			while (i < entries.length) {
				long dense = (entries[i] >>> 32) / BANDS;
				int first = (int) entries[i];
				long key = key(level, tripCell[this.sampleTrip[first]], this.sampleHour[first] & 0xFF);
				Curve curve = new Curve(key);
				int keyTrips = 0;
				while (i < entries.length && (entries[i] >>> 32) / BANDS == dense) {
					long bandKey = entries[i] >>> 32;
					int band = (int) (bandKey % BANDS);
					double middle = CENTERS[band];
					int n = 0;
					int bandTrips = 0;
					while (i < entries.length && (entries[i] >>> 32) == bandKey) {
						int s = (int) entries[i];
						int trip = this.sampleTrip[s];
						// moved to the band's middle, the time left taken as affine in
						// the
						// distance
						runSeconds[n] = (float) (this.sampleSeconds[s] * (middle + HANDOVER_METERS)
								/ (this.sampleMeters[s] + HANDOVER_METERS));
						runTrip[n] = trip;
						order[n] = ((long) Float.floatToIntBits(runSeconds[n]) << 32) | n;
						n++;
						if (keyStamp[trip] != keyRun) {
							keyStamp[trip] = keyRun;
							keyTrips++;
						}
						if (perTrip[trip]++ == 0) {
							bandTrips++;
						}
						i++;
					}
					// Each trip weighs 1 in its band, however many readings it left
					// there.
					Arrays.sort(order, 0, n);
					for (int k = 0; k < n; k++) {
						int j = (int) order[k];
						sorted[k] = runSeconds[j];
						weights[k] = 1f / perTrip[runTrip[j]];
					}
					for (int k = 0; k < n; k++) {
						perTrip[runTrip[k]] = 0;
					}
					curve.band(band, bandTrips, quantile(sorted, weights, n, 0.1), quantile(sorted, weights, n, 0.5),
							quantile(sorted, weights, n, 0.9));
				}
				keyRun++;
				curve.trips = keyTrips;
				if (keyTrips >= MIN_TRIPS) {
					curves.put(key, curve);
				}
			}
		}

		private static long key(int level, long cell, int hour) {
			return switch (level) {
				case 0 -> GLOBAL;
				case 1 -> hour;
				case 2 -> (cell << 8) | NO_HOUR;
				default -> (cell << 8) | hour;
			};
		}

		/**
		 * The weighted {@code q} quantile of {@code sorted[0..n)}: each value stands at
		 * the middle of its weight on the cumulative scale, and the quantile is read
		 * linearly between them (unweighted, the Hazen quantile).
		 */
		static double quantile(float[] sorted, float[] weights, int n, double q) {
			double total = 0;
			for (int k = 0; k < n; k++) {
				total += weights[k];
			}
			double target = q * total;
			double before = 0;
			double previousMiddle = 0;
			for (int k = 0; k < n; k++) {
				double middle = before + weights[k] / 2;
				if (target <= middle) {
					if (k == 0) {
						return sorted[0];
					}
					double t = (target - previousMiddle) / (middle - previousMiddle);
					return sorted[k - 1] + (sorted[k] - sorted[k - 1]) * t;
				}
				before += weights[k];
				previousMiddle = middle;
			}
			return sorted[n - 1];
		}

	}

	/** One key's curve while it is built. */
	private static final class Curve {

		final long key;

		final float[] values = new float[BANDS * 3];

		final int[] counts = new int[BANDS];

		int trips;

		Curve(long key) {
			this.key = key;
			Arrays.fill(this.values, Float.NaN);
		}

		void band(int band, int n, double p10, double p50, double p90) {
			this.counts[band] = n;
			this.values[band * 3] = (float) p10;
			this.values[band * 3 + 1] = (float) p50;
			this.values[band * 3 + 2] = (float) p90;
		}

		/**
		 * Each band weighed against the parent's value for it, the parent's curve first
		 * scaled to this key's level (the trip-weighted mean ratio of this key to the
		 * parent over the bands it has): a slow area stays slow where it has no readings
		 * of its own, and where it has few, its shape leans on the parent's.
		 */
		void lean(float[] parent) {
			for (int q = 0; q < 3; q++) {
				double ratios = 0;
				double weight = 0;
				for (int b = 0; b < BANDS; b++) {
					int i = b * 3 + q;
					if (this.counts[b] > 0 && parent[i] > 0) {
						ratios += this.counts[b] * (this.values[i] / parent[i]);
						weight += this.counts[b];
					}
				}
				double level = (weight > 0) ? ratios / weight : 1;
				for (int b = 0; b < BANDS; b++) {
					int i = b * 3 + q;
					double own = this.counts[b];
					double prior = parent[i] * level;
					this.values[i] = (float) ((own == 0) ? prior
							: (own * this.values[i] + BAND_PRIOR * prior) / (own + BAND_PRIOR));
				}
			}
		}

		/**
		 * The global curve has no parent: an empty band is interpolated between its
		 * neighbours, and beyond the last learned band the pace of that band goes on.
		 */
		void fillAlone() {
			int firstKnown = -1;
			int lastKnown = -1;
			for (int b = 0; b < BANDS; b++) {
				if (this.counts[b] > 0) {
					if (firstKnown < 0) {
						firstKnown = b;
					}
					lastKnown = b;
				}
			}
			for (int b = 0; b < BANDS; b++) {
				if (this.counts[b] > 0) {
					continue;
				}
				for (int q = 0; q < 3; q++) {
					double value;
					if (b < firstKnown) {
						value = this.values[firstKnown * 3 + q];
					}
					else if (b > lastKnown) {
						value = this.values[lastKnown * 3 + q] * CENTERS[b] / CENTERS[lastKnown];
					}
					else {
						int low = b - 1;
						while (this.counts[low] == 0) {
							low--;
						}
						int high = b + 1;
						while (this.counts[high] == 0) {
							high++;
						}
						double t = (CENTERS[b] - CENTERS[low]) / (CENTERS[high] - CENTERS[low]);
						value = this.values[low * 3 + q] * (1 - t) + this.values[high * 3 + q] * t;
					}
					this.values[b * 3 + q] = (float) value;
				}
			}
		}

		/** Each quantile non-decreasing in distance, and p10 ≤ p50 ≤ p90 in each band. */
		void monotone() {
			for (int b = 0; b < BANDS; b++) {
				int i = b * 3;
				this.values[i + 1] = Math.max(this.values[i + 1], (b > 0) ? this.values[i - 2] : 0);
				this.values[i] = Math.min(Math.max(this.values[i], (b > 0) ? this.values[i - 3] : 0),
						this.values[i + 1]);
				this.values[i + 2] = Math.max(Math.max(this.values[i + 2], (b > 0) ? this.values[i - 1] : 0),
						this.values[i + 1]);
			}
		}

	}

}
