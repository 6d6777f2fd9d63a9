package com.acme.tracking.courier;

import java.time.Duration;

/**
 * A courier's last accepted fix and its recent speed (smoothed over the last fixes: the
 * device's speed when it gives one, otherwise distance over time), for ETAs.
 *
 * @param position the newest fix
 * @param recentSpeedMetersPerSecond smoothed speed
 */
public record LivePosition(Position position, double recentSpeedMetersPerSecond) {

	/** Weight of the newest observation in the smoothed speed. */
	private static final double SMOOTHING = 0.3;

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
			double seconds = Duration.between(this.position.recordedAt(), newer.recordedAt()).toMillis() / 1000.0;
			observed = (seconds > 0) ? this.position.point().distanceTo(newer.point()) / seconds
					: this.recentSpeedMetersPerSecond;
		}
		return new LivePosition(newer, SMOOTHING * observed + (1 - SMOOTHING) * this.recentSpeedMetersPerSecond);
	}

}
