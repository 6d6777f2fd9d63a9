package com.acme.tracking.eta;

import java.time.Instant;
import java.util.List;

import com.acme.tracking.shared.GeoPoint;

/**
 * One trip from pickup to drop-off: its GPS fixes in time order. The destination is the
 * last fix and the real arrival its time, as when real trips are replayed as deliveries.
 *
 * @param id a stable id
 * @param fixes the fixes, oldest first, at least two
 */
record Trip(String id, List<Fix> fixes) {

	/** One GPS fix. */
	record Fix(Instant at, GeoPoint point) {
	}

	Instant start() {
		return this.fixes.get(0).at();
	}

	Instant arrival() {
		return this.fixes.get(this.fixes.size() - 1).at();
	}

	GeoPoint destination() {
		return this.fixes.get(this.fixes.size() - 1).point();
	}

	double straightLineMeters() {
		return this.fixes.get(0).point().distanceTo(destination());
	}

	long seconds() {
		return arrival().getEpochSecond() - start().getEpochSecond();
	}

	/** The same trip moved in time (whole weeks keep its hour of the week). */
	Trip shiftedBy(java.time.Duration shift) {
		return new Trip(this.id, this.fixes.stream().map((f) -> new Fix(f.at().plus(shift), f.point())).toList());
	}

}
