package com.acme.tracking.history;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import com.acme.tracking.delivery.EtaModel;
import com.acme.tracking.delivery.EtaModels;
import com.acme.tracking.delivery.EtaSettings;
import com.acme.tracking.local.EmbeddedWarehouse;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.openjdk.jol.info.GraphLayout;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The ETA learner on a large history: {@code bench/tool history.EtaLearningBench [orders]
 * [jdbcUrl]} (default 100,000 orders, a fresh embedded PostgreSQL). Writes that many
 * delivered orders of the last 27 days into the warehouse, generated in SQL: destinations
 * within ±0.1° of São Paulo's centre, starts 1–6 km away in any direction, steady
 * straight-line speeds of 2–7 m/s, a fix every 15 s from the pickup to the destination
 * and the {@code DELIVERED} event 60 s after the last; 2,000 couriers. Then learns the
 * model twice (the second with the warehouse's caches warm), and prints the time of each,
 * the model's keys and its heap size (JOL).
 */
public final class EtaLearningBench {

	private EtaLearningBench() {
	}

	public static void main(String[] args) throws Exception {
		int orders = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		String url = (args.length > 1) ? args[1] : EmbeddedWarehouse.jdbcUrl(0);
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername("postgres");
		dataSource.setPassword("postgres");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/postgresql").load().migrate();
		load(dataSource, orders);
		EtaModels models = new EtaModels(EtaModel.fallback(1.3, 5, java.time.Instant.now()));
		EtaSettings settings = new EtaSettings(ZoneOffset.UTC, Duration.ofHours(1), Duration.ofSeconds(30),
				Duration.ofDays(28), orders, 5.0);
		EtaLearner learner = new EtaLearner(
				new DeliveredTrips(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource)), models,
				settings, Clock.systemUTC(), new SimpleMeterRegistry());
		for (int run = 1; run <= 2; run++) {
			long start = System.nanoTime();
			boolean learned = learner.refresh();
			System.out.printf("learning %d: %s in %.1f s%n", run, learned ? "learned" : "NOT learned",
					(System.nanoTime() - start) / 1e9);
		}
		EtaModel model = models.current();
		System.out.println("model: " + model.describe());
		System.out.printf("model heap: %,d B (JOL)%n", GraphLayout.parseInstance(model).totalSize());
		dataSource.close();
	}

	static void load(DataSource dataSource, int orders) {
		JdbcTemplate sql = new JdbcTemplate(dataSource);
		long start = System.nanoTime();
		sql.execute("DROP TABLE IF EXISTS etabench_trips");
		sql.execute("CREATE TABLE etabench_trips AS SELECT o, -23.55 + (random() - 0.5) * 0.2 AS dlat, "
				+ "-46.63 + (random() - 0.5) * 0.2 AS dlon, 1000 + random() * 5000 AS dist, "
				+ "random() * 2 * pi() AS dir, 2 + random() * 5 AS speed, "
				+ "now() - interval '27 days' + o * (interval '27 days' / " + orders + ") AS picked "
				+ "FROM generate_series(1, " + orders + ") o");
		sql.execute("INSERT INTO courier_positions (courier_id, lat, lon, accuracy_meters, speed_meters_per_second, "
				+ "heading_degrees, recorded_at, ingested_at, kafka_partition, kafka_offset) "
				+ "SELECT 'etabench-courier-' || (o % 2000), "
				+ "dlat + (dist - LEAST(dist, k * 15 * speed)) * cos(dir) / 111195, "
				+ "dlon + (dist - LEAST(dist, k * 15 * speed)) * sin(dir) / (111195 * cos(radians(dlat))), "
				+ "5, speed, 0, picked + k * interval '15 seconds', now(), o % 6, 3000000000 + o * 1000 + k "
				+ "FROM etabench_trips, generate_series(0, ceil(dist / speed / 15)::int) k");
		sql.execute("INSERT INTO delivery_events (event_id, order_id, type, occurred_at, customer_id, partner_id, "
				+ "destination_lat, destination_lon, courier_id, location_lat, location_lon, ingested_at, "
				+ "kafka_partition, kafka_offset) " + "SELECT 'etabench-e-' || o || '-' || s, 'etabench-order-' || o, "
				+ "(ARRAY['CREATED','COURIER_ASSIGNED','PICKED_UP','DELIVERED'])[s + 1], "
				+ "CASE s WHEN 0 THEN picked - interval '10 minutes' WHEN 1 THEN picked - interval '5 minutes' "
				+ "WHEN 2 THEN picked ELSE picked + (ceil(dist / speed / 15) * 15 + 60) * interval '1 second' END, "
				+ "CASE WHEN s = 0 THEN 'etabench-customer-' || (o % 50000) END, "
				+ "CASE WHEN s = 0 THEN 'etabench-partner-' || (o % 100) END, "
				+ "CASE WHEN s = 0 THEN dlat END, CASE WHEN s = 0 THEN dlon END, "
				+ "CASE WHEN s > 0 THEN 'etabench-courier-' || (o % 2000) END, NULL, NULL, now(), o % 6, "
				+ "4000000000 + o * 4 + s FROM etabench_trips, generate_series(0, 3) s");
		sql.execute("ANALYZE courier_positions");
		sql.execute("ANALYZE delivery_events");
		Long positions = sql.queryForObject("SELECT COUNT(*) FROM courier_positions", Long.class);
		System.out.printf("history: %,d delivered orders, %,d positions in the warehouse, written in %.0f s%n", orders,
				positions, (System.nanoTime() - start) / 1e9);
	}

}
