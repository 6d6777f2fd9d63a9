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
public record Trip(String id, List<Fix> fixes) {

	/** One GPS fix. */
	public record Fix(Instant at, GeoPoint point) {
	}

	public Instant start() {
		return this.fixes.get(0).at();
	}

	public Instant arrival() {
		return this.fixes.get(this.fixes.size() - 1).at();
	}

	public GeoPoint destination() {
		return this.fixes.get(this.fixes.size() - 1).point();
	}

	public double straightLineMeters() {
		return this.fixes.get(0).point().distanceTo(destination());
	}

	public long seconds() {
		return arrival().getEpochSecond() - start().getEpochSecond();
	}

	/** The same trip moved in time (whole weeks keep its hour of the week). */
	public Trip shiftedBy(java.time.Duration shift) {
		return new Trip(this.id, this.fixes.stream().map((f) -> new Fix(f.at().plus(shift), f.point())).toList());
	}

}
