package com.acme.tracking.delivery;

/**
 * Geohash cells (Niemeyer's interleaving of longitude and latitude bisections, longitude
 * first): a cell of {@code precision} characters is {@code 5 × precision} bits, held here
 * as a {@code long} and printed in the usual base-32 alphabet only for people. Precision
 * 4 is about 39 × 19.5 km, 5 about 4.9 × 4.9 km, 6 about 1.2 × 0.6 km.
 */
final class Geohash {

	static final int MAX_PRECISION = 12;

	private static final char[] BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray();

	private Geohash() {
	}

	/** The cell of a point, as its {@code 5 × precision} bits. */
	static long encode(double lat, double lon, int precision) {
		double latLow = -90;
		double latHigh = 90;
		double lonLow = -180;
		double lonHigh = 180;
		long bits = 0;
		for (int i = 0; i < precision * 5; i++) {
			bits <<= 1;
			if ((i & 1) == 0) {
				double middle = (lonLow + lonHigh) / 2;
				if (lon >= middle) {
					bits |= 1;
					lonLow = middle;
				}
				else {
					lonHigh = middle;
				}
			}
			else {
				double middle = (latLow + latHigh) / 2;
				if (lat >= middle) {
					bits |= 1;
					latLow = middle;
				}
				else {
					latHigh = middle;
				}
			}
		}
		return bits;
	}

	/** The usual text of a cell ({@code u33dc0}). */
	static String text(long bits, int precision) {
		char[] text = new char[precision];
		for (int i = precision - 1; i >= 0; i--) {
			text[i] = BASE32[(int) (bits & 31)];
			bits >>>= 5;
		}
		return new String(text);
	}

}
