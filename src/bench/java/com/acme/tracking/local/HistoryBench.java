package com.acme.tracking.local;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import com.acme.tracking.history.BareWarehouse;

/**
 * Latency of the history endpoints over the data {@link HistoryLoad} made, from another
 * process, one request at a time on one keep-alive connection:
 * {@code HistoryBench [requests] [http] [jdbc url] [orders]}. Prints p50, p95 and p99 per
 * endpoint next to two same-run baselines: {@code GET
 * /dev/static} (no authentication, no work) and, per endpoint, the bare query: the same
 * warehouse code and SQL over a plain JDBC connection, same parameters' distribution. Run
 * the service with a rate limit high enough not to answer 429.
 */
public final class HistoryBench {

	/** One request: its path, and the same reads done over bare JDBC. */
	record Call(String path, Runnable bare) {
	}

	private HistoryBench() {
	}

	public static void main(String[] args) throws Exception {
		int requests = (args.length > 0) ? Integer.parseInt(args[0]) : 300;
		String http = (args.length > 1) ? args[1] : "http://localhost:8080";
		String jdbcUrl = (args.length > 2) ? args[2] : "jdbc:postgresql://localhost:15432/postgres";
		int orders = (args.length > 3) ? Integer.parseInt(args[3]) : 1_000_000; // as
																				// HistoryLoad
																				// made
																				// them
		HttpConnection[] client = { new HttpConnection(URI.create(http)) };
		String token = DevKeys.token("bench-agent", List.of("support"), null, Duration.ofHours(1));
		BareWarehouse bare = new BareWarehouse(jdbcUrl);
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		Map<String, Supplier<Call>> endpoints = new LinkedHashMap<>();
		endpoints.put("GET /v1/orders/{id}/history", () -> {
			String order = "bench-order-" + (1 + random.nextInt(orders));
			return new Call("/v1/orders/" + order + "/history", () -> bare.history(order));
		});
		endpoints.put("GET /v1/couriers/{id}/positions (1 h, limit 100)", () -> {
			Instant to = now.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 29)));
			return positions(bare, random.nextInt(500), to.minus(Duration.ofHours(1)), to, 100);
		});
		endpoints.put("GET /v1/couriers/{id}/positions (1 day, limit 1000)", () -> {
			Instant to = now.minus(Duration.ofHours(random.nextInt(24 * 28)));
			return positions(bare, random.nextInt(500), to.minus(Duration.ofDays(1)), to, 1000);
		});
		endpoints.put("GET /v1/orders?customerId (30 days)", () -> {
			String customer = "bench-customer-" + random.nextInt(200_000);
			Instant from = now.minus(Duration.ofDays(30));
			return new Call("/v1/orders?customerId=" + customer + "&from=" + from + "&to=" + now,
					() -> bare.orders(customer, null, from, now, 100));
		});
		endpoints.put("GET /v1/orders?partnerId (1 day, limit 100)", () -> {
			String partner = "bench-partner-" + random.nextInt(500);
			Instant to = now.minus(Duration.ofHours(random.nextInt(24 * 28)));
			Instant from = to.minus(Duration.ofDays(1));
			return new Call("/v1/orders?limit=100&partnerId=" + partner + "&from=" + from + "&to=" + to,
					() -> bare.orders(null, partner, from, to, 100));
		});
		endpoints.put("GET /v1/orders (1 h, limit 100)", () -> {
			Instant to = now.minus(Duration.ofHours(random.nextInt(24 * 28)));
			Instant from = to.minus(Duration.ofHours(1));
			return new Call("/v1/orders?limit=100&from=" + from + "&to=" + to,
					() -> bare.orders(null, null, from, to, 100));
		});
		Samples baseline = new Samples();
		for (int i = 0; i < requests + 50; i++) {
			long start = System.nanoTime();
			call(client, http, token, "/dev/static");
			if (i >= 50) {
				baseline.add((System.nanoTime() - start) / 1000);
			}
		}
		System.out.printf("%-52s %s%n", "baseline GET /dev/static", summary(baseline));
		for (Map.Entry<String, Supplier<Call>> endpoint : endpoints.entrySet()) {
			Samples api = new Samples();
			Samples jdbc = new Samples();
			int errors = 0;
			for (int i = 0; i < requests + 50; i++) { // the first 50 warm up
				Call call = endpoint.getValue().get();
				long start = System.nanoTime();
				int status = call(client, http, token, call.path());
				long took = (System.nanoTime() - start) / 1000;
				start = System.nanoTime();
				call.bare().run();
				long bareTook = (System.nanoTime() - start) / 1000;
				if (i >= 50) {
					api.add(took);
					jdbc.add(bareTook);
					errors += (status != 200) ? 1 : 0;
				}
			}
			System.out.printf("%-52s %s non-200 %d%n", endpoint.getKey(), summary(api), errors);
			System.out.printf("%-52s %s  p95 ratio %.2f%n", "  same query, bare JDBC", summary(jdbc),
					api.millis(0.95) / jdbc.millis(0.95));
		}
	}

	private static Call positions(BareWarehouse bare, int courier, Instant from, Instant to, int limit) {
		return new Call(
				"/v1/couriers/bench-courier-" + courier + "/positions?limit=" + limit + "&from=" + from + "&to=" + to,
				() -> bare.positions("bench-courier-" + courier, from, to, limit));
	}

	private static String summary(Samples samples) {
		return String.format("n=%d p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms", samples.count(), samples.millis(0.5),
				samples.millis(0.95), samples.millis(0.99));
	}

	private static int call(HttpConnection[] client, String http, String token, String path) throws Exception {
		int status = client[0].get(path, token);
		if (client[0].closing) {
			client[0].close();
			client[0] = new HttpConnection(URI.create(http));
		}
		return status;
	}

}
