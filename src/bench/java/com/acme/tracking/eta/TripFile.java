package com.acme.tracking.eta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.acme.tracking.shared.GeoPoint;

/**
 * Reads trips from a CSV file of one row per fix, {@code trip,time,lat,lon}: a header
 * line, then the trip's id, the fix's time (ISO-8601, e.g. {@code 2026-11-25T12:00:00Z},
 * or epoch seconds), and its latitude and longitude in degrees (WGS 84). Rows of a trip
 * may come in any order; trips with fewer than two fixes are skipped.
 */
public final class TripFile {

	private TripFile() {
	}

	public static List<Trip> read(Path file) throws IOException {
		Map<String, List<Trip.Fix>> fixes = new LinkedHashMap<>();
		List<String> lines = Files.readAllLines(file);
		for (int i = 1; i < lines.size(); i++) {
			String line = lines.get(i).trim();
			if (line.isEmpty()) {
				continue;
			}
			String[] cells = line.split(",");
			if (cells.length < 4) {
				throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected trip,time,lat,lon");
			}
			String time = cells[1].trim();
			Instant at = time.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(time))
					: Instant.parse(time);
			fixes.computeIfAbsent(cells[0].trim(), (id) -> new ArrayList<>())
				.add(new Trip.Fix(at, new GeoPoint(Double.parseDouble(cells[2]), Double.parseDouble(cells[3]))));
		}
		List<Trip> trips = new ArrayList<>();
		fixes.forEach((id, list) -> {
			list.sort(java.util.Comparator.comparing(Trip.Fix::at));
			if (list.size() >= 2) {
				trips.add(new Trip(id, List.copyOf(list)));
			}
		});
		return trips;
	}

}
