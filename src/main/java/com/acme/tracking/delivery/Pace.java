package com.acme.tracking.delivery;

/**
 * A trip's pace against the model, the learned-residual correction of its ETA: how much
 * longer (or shorter) the trip has taken to cover its distance than the model's median
 * says that distance takes. At each fix of the carrying courier the seconds elapsed since
 * the last fix and the seconds the model expected for the ground covered in them (the
 * drop of its median from the last distance to this one) are added to two sums that
 * forget with a time constant of {@value #MEMORY_SECONDS} s. The ETA's factor is
 * {@code (PRIOR + elapsed / baseline) / (PRIOR + expected)}: the model itself counts as
 * {@value #PRIOR_SECONDS} s of trip at its own pace, so the trip's pace weighs more as
 * the trip covers more ground, and a stop only adds its own seconds to the elapsed sum (a
 * courier at a red light after ten minutes on the model's pace moves the factor by a few
 * per cent, not to the 2 m/s floor of old). The factor is kept within
 * [{@value #MIN_FACTOR}, {@value #MAX_FACTOR}]. The elapsed seconds are read against the
 * history's own pace against the model ({@link EtaModel#paceBaseline}): a trip like those
 * of the history has a factor of 1, not the skew of trip times over their medians (stops
 * add seconds, nothing takes them away).
 *
 * <p>
 * Immutable and 40 bytes: {@link Eta} holds one per order in transit and replaces it at
 * each fix.
 *
 * @param elapsed forgetting sum of the seconds between fixes
 * @param expected forgetting sum of the model's seconds for the ground covered
 * @param lastMeters distance to the destination at the last fix
 * @param lastFixMillis time of the last fix
 * @param fleet the fleet's pace when the trip started ({@link FleetPace})
 */
record Pace(float elapsed, float expected, float lastMeters, long lastFixMillis, float fleet) {

	/** The model's weight, as seconds of trip on its own pace. */
	static final double PRIOR_SECONDS = 600;

	/** The time constant of the sums (s): older fixes count less. */
	static final double MEMORY_SECONDS = 1200;

	static final double MIN_FACTOR = 0.67;

	static final double MAX_FACTOR = 1.5;

	/** The pace at the trip's first fix: the model's. */
	static Pace start(double meters, long fixMillis, double fleet) {
		return new Pace(0, 0, (float) meters, fixMillis, (float) fleet);
	}

	/**
	 * The pace after a fix {@code meters} away at {@code fixMillis}, the model having
	 * expected {@code expectedSeconds} for the ground covered since the last fix;
	 * {@code this} for a fix not newer than the last.
	 */
	Pace next(double meters, long fixMillis, double expectedSeconds) {
		double seconds = (fixMillis - this.lastFixMillis) / 1000.0;
		if (seconds <= 0) {
			return this;
		}
		double keep = Math.exp(-seconds / MEMORY_SECONDS);
		return new Pace((float) (this.elapsed * keep + seconds),
				(float) Math.max(0, this.expected * keep + expectedSeconds), (float) meters, fixMillis, this.fleet);
	}

	/** Seconds from the last fix to one at {@code fixMillis}. */
	double secondsTo(long fixMillis) {
		return (fixMillis - this.lastFixMillis) / 1000.0;
	}

	/** What the model's seconds to arrival are multiplied by for this trip. */
	double factor() {
		return factor(1);
	}

	/**
	 * What the model's seconds to arrival are multiplied by for this trip, the history's
	 * own pace against the model being {@code baseline} ({@link EtaModel#paceBaseline}).
	 */
	double factor(double baseline) {
		double factor = (PRIOR_SECONDS * this.fleet + this.elapsed / baseline) / (PRIOR_SECONDS + this.expected);
		return Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, factor));
	}

}
