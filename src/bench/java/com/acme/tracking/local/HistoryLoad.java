package com.acme.tracking.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Fills the warehouse with a large history for measurements, inside PostgreSQL
 * ({@code generate_series}): {@code HistoryLoad [positions] [orders] [jdbcUrl]}, by
 * default 10 million positions of 500 couriers and 1 million orders (5 events each:
 * created to delivered) of 200,000 customers and 500 partners, spread over the last 30
 * days. Ids start with {@code bench-}. Then ANALYZE.
 */
public final class HistoryLoad {

	private HistoryLoad() {
	}

	public static void main(String[] args) throws Exception {
		long positions = (args.length > 0) ? Long.parseLong(args[0]) : 10_000_000;
		long orders = (args.length > 1) ? Long.parseLong(args[1]) : 1_000_000;
		String url = (args.length > 2) ? args[2] : "jdbc:postgresql://localhost:15432/postgres";
		try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
				Statement sql = connection.createStatement()) {
			long start = System.nanoTime();
			sql.execute(
					"INSERT INTO courier_positions (courier_id, lat, lon, accuracy_meters, speed_meters_per_second, "
							+ "heading_degrees, recorded_at, ingested_at, kafka_partition, kafka_offset) "
							+ "SELECT 'bench-courier-' || (g % 500), -23.5 + random() * 0.2, -46.6 + random() * 0.2, 5, 8, 90, "
							+ "now() - interval '30 days' + g * (interval '30 days' / " + positions
							+ "), now(), g % 6, " + "1000000000 + g FROM generate_series(1, " + positions + ") g");
			System.out.printf("%d positions in %.0f s%n", positions, (System.nanoTime() - start) / 1e9);
			start = System.nanoTime();
			sql.execute("INSERT INTO delivery_events (event_id, order_id, type, occurred_at, customer_id, partner_id, "
					+ "destination_lat, destination_lon, courier_id, location_lat, location_lon, ingested_at, "
					+ "kafka_partition, kafka_offset) " + "SELECT 'bench-e-' || o || '-' || s, 'bench-order-' || o, "
					+ "(ARRAY['CREATED','COURIER_ASSIGNED','PICKED_UP','OUT_FOR_DELIVERY','DELIVERED'])[s + 1], "
					+ "now() - interval '30 days' + o * (interval '30 days' / " + orders
					+ ") + s * interval '6 minutes', " + "CASE WHEN s = 0 THEN 'bench-customer-' || (o % 200000) END, "
					+ "CASE WHEN s = 0 THEN 'bench-partner-' || (o % 500) END, "
					+ "CASE WHEN s = 0 THEN -23.5 + random() * 0.2 END, CASE WHEN s = 0 THEN -46.6 + random() * 0.2 END, "
					+ "CASE WHEN s > 0 THEN 'bench-courier-' || (o % 500) END, "
					+ "CASE WHEN s > 0 THEN -23.5 + random() * 0.2 END, CASE WHEN s > 0 THEN -46.6 + random() * 0.2 END, "
					+ "now(), o % 6, 2000000000 + o * 5 + s " + "FROM generate_series(1, " + orders
					+ ") o, generate_series(0, 4) s");
			System.out.printf("%d orders (%d events) in %.0f s%n", orders, orders * 5,
					(System.nanoTime() - start) / 1e9);
			start = System.nanoTime();
			sql.execute("ANALYZE courier_positions");
			sql.execute("ANALYZE delivery_events");
			System.out.printf("analyzed in %.0f s%n", (System.nanoTime() - start) / 1e9);
		}
	}

}
