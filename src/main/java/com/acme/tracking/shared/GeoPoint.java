package com.acme.tracking.shared;

/**
 * A WGS84 point in degrees.
 *
 * @param lat latitude, -90..90
 * @param lon longitude, -180..180
 */
public record GeoPoint(double lat, double lon) {

	private static final double EARTH_RADIUS_METERS = 6_371_008.8;

	/** Whether both coordinates are finite numbers inside their ranges. */
	public static boolean isValid(double lat, double lon) {
		return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
	}

	/**
	 * Decimal places an erased customer's places keep: 0.01° is about 1.1 km of latitude,
	 * a district, not a door.
	 */
	public static final int COARSE_DECIMALS = 2;

	/** This point rounded to {@link #COARSE_DECIMALS} decimals (null stays null). */
	public static @org.jspecify.annotations.Nullable GeoPoint coarse(
			@org.jspecify.annotations.Nullable GeoPoint point) {
		if (point == null) {
			return null;
		}
		double scale = Math.pow(10, COARSE_DECIMALS);
		return new GeoPoint(Math.round(point.lat * scale) / scale, Math.round(point.lon * scale) / scale);
	}

	/** Great-circle (haversine) distance in meters. */
	public double distanceTo(GeoPoint other) {
		double dLat = Math.toRadians(other.lat - this.lat);
		double dLon = Math.toRadians(other.lon - this.lon);
		double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(this.lat))
				* Math.cos(Math.toRadians(other.lat)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
		return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
	}

}
