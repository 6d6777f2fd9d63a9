package com.acme.tracking.eta;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.acme.tracking.shared.GeoPoint;

/**
 * Courier trips through a city, made to look like real ones for the ETA harness: the
 * courier follows a street grid (so the road is about 1.3 times the straight line, with
 * the odd detour), stops at some intersections (red lights), drives slower in the centre
 * and at rush hours, waits at the door before the drop-off, and its phone adds GPS noise
 * and gaps. One fix every {@code interval} while it has signal. Seeded: the same seed
 * gives the same trips.
 */
public final class RealisticTrips {

	/** The city centre (São Paulo, like the local simulator). */
	static final GeoPoint CENTRE = new GeoPoint(-23.5505, -46.6333);

	private static final double METERS_PER_DEGREE = 111_320;

	private final Random random;

	private final Duration interval;

	private Instant signalBackAt = Instant.EPOCH;

	public RealisticTrips(long seed, Duration interval) {
		this.random = new Random(seed);
		this.interval = interval;
	}

	/** {@code count} trips starting between {@code from} and {@code to}. */
	public List<Trip> generate(int count, Instant from, Instant to, String prefix) {
		List<Trip> trips = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			Instant start = from
				.plusSeconds((long) (this.random.nextDouble() * Duration.between(from, to).getSeconds()));
			trips.add(trip(prefix + i, start));
		}
		return trips;
	}

	private Trip trip(String id, Instant start) {
		GeoPoint origin = around(CENTRE, 9_000);
		double bearing = this.random.nextDouble() * 2 * Math.PI;
		double straight = 1_000 + this.random.nextDouble() * 7_000;
		GeoPoint destination = offset(origin, straight * Math.cos(bearing), straight * Math.sin(bearing));
		List<GeoPoint> corners = route(origin, destination);
		double courierPace = 0.8 + 0.4 * this.random.nextDouble();
		List<Trip.Fix> fixes = new ArrayList<>();
		// the pickup's fix always comes; the signal's gaps are the trip's own
		fixes.add(new Trip.Fix(start, origin));
		this.signalBackAt = start;
		double t = 0;
		double nextFix = this.interval.getSeconds();
		GeoPoint at = origin;
		for (int leg = 1; leg < corners.size(); leg++) {
			GeoPoint to = corners.get(leg);
			double length = at.distanceTo(to);
			double speed = cruise(at, start.plusSeconds((long) t)) * courierPace;
			double covered = 0;
			while (covered < length) {
				double step = Math.min(length - covered, speed * 1.0);
				covered += step;
				t += step / speed;
				GeoPoint here = between(at, to, covered / length);
				while (nextFix <= t) {
					record(fixes, start.plusSeconds((long) nextFix), here);
					nextFix += this.interval.getSeconds();
				}
			}
			at = to;
			// a red light at some intersections
			if (leg < corners.size() - 1 && this.random.nextDouble() < 0.3) {
				double wait = 10 + this.random.nextDouble() * 50;
				t += wait;
				while (nextFix <= t) {
					record(fixes, start.plusSeconds((long) nextFix), at);
					nextFix += this.interval.getSeconds();
				}
			}
		}
		// parks and walks to the door: the drop-off comes a little later, at the door
		t += 30 + this.random.nextDouble() * 90;
		while (nextFix < t) {
			record(fixes, start.plusSeconds((long) nextFix), destination);
			nextFix += this.interval.getSeconds();
		}
		fixes.add(new Trip.Fix(start.plusSeconds((long) t), destination));
		return new Trip(id, fixes);
	}

	/**
	 * Street-grid corners from origin to destination: alternate north-south and east-west
	 * runs of a few blocks, sometimes one block the wrong way (a one-way street).
	 */
	private List<GeoPoint> route(GeoPoint origin, GeoPoint destination) {
		List<GeoPoint> corners = new ArrayList<>();
		corners.add(origin);
		GeoPoint at = origin;
		boolean northSouth = this.random.nextBoolean();
		for (int guard = 0; guard < 200 && at.distanceTo(destination) > 60; guard++) {
			double dy = (destination.lat() - at.lat()) * METERS_PER_DEGREE;
			double dx = (destination.lon() - at.lon()) * METERS_PER_DEGREE * Math.cos(Math.toRadians(at.lat()));
			double remaining = northSouth ? dy : dx;
			double run = Math.signum(remaining) * Math.min(Math.abs(remaining), 150 + this.random.nextDouble() * 450);
			if (this.random.nextDouble() < 0.08) {
				run = -Math.signum(remaining) * 150; // a detour
			}
			at = northSouth ? offset(at, run, 0) : offset(at, 0, run);
			corners.add(at);
			northSouth = !northSouth;
		}
		corners.add(destination);
		return corners;
	}

	/** Cruising speed (m/s): slower in the centre and at rush hours, faster at night. */
	private double cruise(GeoPoint at, Instant when) {
		double fromCentre = at.distanceTo(CENTRE);
		double area = 0.55 + 0.5 * Math.min(1, fromCentre / 8_000);
		ZonedDateTime local = when.atZone(ZoneOffset.ofHours(-3));
		int hour = local.getHour();
		boolean weekend = local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
		double time = (hour < 6 || hour >= 22) ? 1.3
				: (!weekend && (hour == 7 || hour == 8 || hour == 17 || hour == 18)) ? 0.6 : weekend ? 1.1 : 1.0;
		return Math.max(1.5, 9.0 * area * time * (0.85 + 0.3 * this.random.nextDouble()));
	}

	private void record(List<Trip.Fix> fixes, Instant at, GeoPoint where) {
		if (at.isBefore(this.signalBackAt)) {
			return; // in a gap (a tunnel, a dead zone)
		}
		if (this.random.nextDouble() < 0.005) {
			this.signalBackAt = at.plusSeconds(60 + this.random.nextInt(60));
			return;
		}
		if (this.random.nextDouble() < 0.03) {
			return; // a lost fix
		}
		fixes.add(new Trip.Fix(at, offset(where, this.random.nextGaussian() * 8, this.random.nextGaussian() * 8)));
	}

	private GeoPoint around(GeoPoint centre, double radius) {
		double r = radius * Math.sqrt(this.random.nextDouble());
		double a = this.random.nextDouble() * 2 * Math.PI;
		return offset(centre, r * Math.cos(a), r * Math.sin(a));
	}

	private static GeoPoint offset(GeoPoint from, double northMeters, double eastMeters) {
		return new GeoPoint(from.lat() + northMeters / METERS_PER_DEGREE,
				from.lon() + eastMeters / (METERS_PER_DEGREE * Math.cos(Math.toRadians(from.lat()))));
	}

	private static GeoPoint between(GeoPoint a, GeoPoint b, double f) {
		return new GeoPoint(a.lat() + (b.lat() - a.lat()) * f, a.lon() + (b.lon() - a.lon()) * f);
	}

}
