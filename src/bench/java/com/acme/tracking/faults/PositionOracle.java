package com.acme.tracking.faults;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The count oracle of R5: reads every position of the couriers {@code <prefix>0 ..
 * <prefix>(couriers-1)} through {@code GET /v1/couriers/{id}/positions}, page by page as
 * a client would, and checks that each courier has exactly {@code perCourier} positions
 * in the responses, none twice. {@code PositionOracle <http> <token file> <prefix>
 * <couriers> <perCourier> <from> <to>}; exits 1 when anything is missing or repeated.
 */
public final class PositionOracle {

	private PositionOracle() {
	}

	public static void main(String[] args) throws Exception {
		String http = args[0];
		String token = Files.readString(Path.of(args[1])).trim();
		String prefix = args[2];
		int couriers = Integer.parseInt(args[3]);
		int perCourier = Integer.parseInt(args[4]);
		String range = "&from=" + URLEncoder.encode(args[5], StandardCharsets.UTF_8) + "&to="
				+ URLEncoder.encode(args[6], StandardCharsets.UTF_8);
		HttpClient client = HttpClient.newHttpClient();
		JsonMapper json = JsonMapper.builder().build();
		long seen = 0;
		long repeated = 0;
		long missing = 0;
		int wrongCouriers = 0;
		for (int c = 0; c < couriers; c++) {
			String courierId = prefix + c;
			Set<String> times = new HashSet<>();
			String cursor = null;
			do {
				URI uri = URI.create(http + "/v1/couriers/" + courierId + "/positions?limit=500" + range
						+ ((cursor != null) ? "&cursor=" + cursor : ""));
				HttpResponse<String> response = client.send(
						HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 200) {
					throw new IllegalStateException(
							uri + " answered " + response.statusCode() + ": " + response.body());
				}
				JsonNode page = json.readTree(response.body());
				for (JsonNode item : page.get("items")) {
					seen++;
					if (!times.add(item.get("recordedAt").stringValue())) {
						repeated++;
					}
				}
				cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").stringValue();
			}
			while (cursor != null);
			if (times.size() != perCourier) {
				wrongCouriers++;
				missing += Math.max(0, perCourier - times.size());
			}
		}
		long expected = (long) couriers * perCourier;
		System.out.printf(
				"oracle: expected %d positions of %d couriers; API returned %d, distinct %d, repeated %d, "
						+ "missing %d (couriers with a wrong count: %d)%n",
				expected, couriers, seen, seen - repeated, repeated, missing, wrongCouriers);
		System.exit((seen == expected && repeated == 0 && missing == 0) ? 0 : 1);
	}

}
