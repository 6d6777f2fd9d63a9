package com.acme.tracking.courier;

import java.time.Instant;

import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;

/**
 * A courier's last accepted fix and its recent speed (smoothed over the last fixes: the
 * device's speed when it gives one, otherwise distance over time), for ETAs.
 *
 * <p>
 * Held compactly (primitives, NaN for an absent reading) because the hot state keeps one
 * per courier; {@link #position()} builds the {@link Position} view when asked.
 */
public final class LivePosition {

	/** Weight of the newest observation in the smoothed speed. */
	private static final double SMOOTHING = 0.3;

	private final String courierId;

	private final double lat;

	private final double lon;

	private final float accuracyMeters;

	private final float speedMetersPerSecond;

	private final float headingDegrees;

	private final long recordedAtSeconds;

	private final int recordedAtNanos;

	private final double recentSpeedMetersPerSecond;

	private LivePosition(Position position, double recentSpeedMetersPerSecond) {
		this.courierId = position.courierId();
		this.lat = position.point().lat();
		this.lon = position.point().lon();
		this.accuracyMeters = unbox(position.accuracyMeters());
		this.speedMetersPerSecond = unbox(position.speedMetersPerSecond());
		this.headingDegrees = unbox(position.headingDegrees());
		this.recordedAtSeconds = position.recordedAt().getEpochSecond();
		this.recordedAtNanos = position.recordedAt().getNano();
		this.recentSpeedMetersPerSecond = recentSpeedMetersPerSecond;
	}

	/**
	 * A fix on its own, with no earlier fixes to smooth the speed over (the device's
	 * speed, or 0): for an ETA given from one particular fix.
	 */
	public static LivePosition of(Position position) {
		return first(position);
	}

	static LivePosition first(Position position) {
		Float speed = position.speedMetersPerSecond();
		return new LivePosition(position, (speed != null) ? speed : 0);
	}

	LivePosition next(Position newer) {
		double observed;
		if (newer.speedMetersPerSecond() != null) {
			observed = newer.speedMetersPerSecond();
		}
		else {
			double seconds = (newer.recordedAt().toEpochMilli() - recordedAt().toEpochMilli()) / 1000.0;
			observed = (seconds > 0) ? new GeoPoint(this.lat, this.lon).distanceTo(newer.point()) / seconds
					: this.recentSpeedMetersPerSecond;
		}
		return new LivePosition(newer, SMOOTHING * observed + (1 - SMOOTHING) * this.recentSpeedMetersPerSecond);
	}

	/**
	 * Whether {@code candidate} is newer than this fix (device time; ties keep this one).
	 */
	boolean supersededBy(Position candidate) {
		Instant time = candidate.recordedAt();
		return time.getEpochSecond() > this.recordedAtSeconds
				|| (time.getEpochSecond() == this.recordedAtSeconds && time.getNano() > this.recordedAtNanos);
	}

	/** The newest fix. */
	public Position position() {
		return new Position(this.courierId, new GeoPoint(this.lat, this.lon), box(this.accuracyMeters),
				box(this.speedMetersPerSecond), box(this.headingDegrees), recordedAt());
	}

	public String courierId() {
		return this.courierId;
	}

	public Instant recordedAt() {
		return Instant.ofEpochSecond(this.recordedAtSeconds, this.recordedAtNanos);
	}

	/** Smoothed recent speed. */
	public double recentSpeedMetersPerSecond() {
		return this.recentSpeedMetersPerSecond;
	}

	private static float unbox(@Nullable Float value) {
		return (value != null) ? value : Float.NaN;
	}

	private static @Nullable Float box(float value) {
		return Float.isNaN(value) ? null : value;
	}

}
