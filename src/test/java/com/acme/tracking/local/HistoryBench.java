package com.acme.tracking.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

import tools.jackson.databind.json.JsonMapper;

/**
 * Latency of the history endpoints over the data {@link HistoryLoad} made, from another
 * process, one request at a time: {@code HistoryBench [requests] [http]}. Prints p50, p95
 * and p99 per endpoint next to the same run's baseline ({@code GET /dev/static}: no
 * authentication, no work). Run the service with a rate limit high enough not to answer
 * 429.
 */
public final class HistoryBench {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private HistoryBench() {
	}

	public static void main(String[] args) throws Exception {
		int requests = (args.length > 0) ? Integer.parseInt(args[0]) : 300;
		String http = (args.length > 1) ? args[1] : "http://localhost:8080";
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		String token = JSON
			.readTree(client.send(HttpRequest.newBuilder(URI.create(http + "/dev/tokens"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"sub\":\"bench-agent\",\"roles\":[\"support\"]}"))
				.build(), HttpResponse.BodyHandlers.ofString()).body())
			.get("token")
			.stringValue();
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		Map<String, IntFunction<String>> endpoints = new LinkedHashMap<>();
		endpoints.put("baseline GET /dev/static", (i) -> "/dev/static");
		endpoints.put("GET /v1/orders/{id}/history",
				(i) -> "/v1/orders/bench-order-" + (1 + random.nextInt(1_000_000)) + "/history");
		endpoints.put("GET /v1/couriers/{id}/positions (1 h, limit 100)", (i) -> {
			Instant to = now.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 29)));
			return "/v1/couriers/bench-courier-" + random.nextInt(500) + "/positions?limit=100&from="
					+ to.minus(Duration.ofHours(1)) + "&to=" + to;
		});
		endpoints.put("GET /v1/couriers/{id}/positions (1 day, limit 1000)", (i) -> {
			Instant to = now.minus(Duration.ofHours(random.nextInt(24 * 28)));
			return "/v1/couriers/bench-courier-" + random.nextInt(500) + "/positions?limit=1000&from="
					+ to.minus(Duration.ofDays(1)) + "&to=" + to;
		});
		endpoints.put("GET /v1/orders?customerId (30 days)", (i) -> "/v1/orders?customerId=bench-customer-"
				+ random.nextInt(200_000) + "&from=" + now.minus(Duration.ofDays(30)) + "&to=" + now);
		endpoints.put("GET /v1/orders?partnerId (1 day, limit 100)", (i) -> {
			Instant to = now.minus(Duration.ofHours(random.nextInt(24 * 28)));
			return "/v1/orders?limit=100&partnerId=bench-partner-" + random.nextInt(500) + "&from="
					+ to.minus(Duration.ofDays(1)) + "&to=" + to;
		});
		endpoints.put("GET /v1/orders (1 h, limit 100)", (i) -> {
			Instant to = now.minus(Duration.ofHours(random.nextInt(24 * 28)));
			return "/v1/orders?limit=100&from=" + to.minus(Duration.ofHours(1)) + "&to=" + to;
		});
		for (Map.Entry<String, IntFunction<String>> endpoint : endpoints.entrySet()) {
			for (int i = 0; i < Math.min(50, requests); i++) {
				call(client, http, token, endpoint.getValue().apply(i));
			}
			long[] micros = new long[requests];
			int errors = 0;
			for (int i = 0; i < requests; i++) {
				String path = endpoint.getValue().apply(i);
				long start = System.nanoTime();
				int status = call(client, http, token, path);
				micros[i] = (System.nanoTime() - start) / 1000;
				if (status != 200) {
					errors++;
				}
			}
			Arrays.sort(micros);
			System.out.printf("%-52s n=%d p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  non-200 %d%n", endpoint.getKey(),
					requests, at(micros, 0.5), at(micros, 0.95), at(micros, 0.99), errors);
		}
	}

	private static int call(HttpClient client, String http, String token, String path) throws Exception {
		return client
			.send(HttpRequest.newBuilder(URI.create(http + path)).header("Authorization", "Bearer " + token).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static double at(long[] sorted, double quantile) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1000.0;
	}

}
