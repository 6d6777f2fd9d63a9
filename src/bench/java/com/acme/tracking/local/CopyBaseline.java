package com.acme.tracking.local;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;

import org.postgresql.PGConnection;

/**
 * The baseline of B6: PostgreSQL {@code COPY} of position rows shaped like the writer's,
 * in chunks of the writer's batch size: {@code CopyBaseline [rows] [batch] [jdbcUrl]}.
 */
public final class CopyBaseline {

	private CopyBaseline() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("count")) { // CopyBaseline count [url]:
															// rows written so far
			try (Connection connection = DriverManager.getConnection(args[1], "postgres", "postgres");
					var result = connection.createStatement().executeQuery("SELECT count(*) FROM courier_positions")) {
				result.next();
				System.out.println(result.getLong(1));
			}
			return;
		}
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 2_000_000;
		int batch = (args.length > 1) ? Integer.parseInt(args[1]) : 5000;
		String url = (args.length > 2) ? args[2] : "jdbc:postgresql://localhost:15432/postgres";
		try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres")) {
			var copy = connection.unwrap(PGConnection.class).getCopyAPI();
			String now = Instant.now().toString();
			long start = System.nanoTime();
			for (int from = 0; from < rows; from += batch) {
				StringBuilder csv = new StringBuilder(batch * 120);
				for (int i = from; i < Math.min(rows, from + batch); i++) {
					csv.append("copy-courier-")
						.append(i % 50_000)
						.append(',')
						.append(-23.5 + i * 1e-7)
						.append(',')
						.append(-46.6)
						.append(",5,8,90,")
						.append(now)
						.append(',')
						.append(now)
						.append(',')
						.append(i % 6)
						.append(',')
						.append(3_000_000_000L + i)
						.append('\n');
				}
				copy.copyIn("COPY courier_positions (courier_id, lat, lon, accuracy_meters, speed_meters_per_second, "
						+ "heading_degrees, recorded_at, ingested_at, kafka_partition, kafka_offset) FROM STDIN WITH (FORMAT csv)",
						new StringReader(csv.toString()));
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			System.out.printf("COPY: %,d rows in batches of %d in %.1f s = %,.0f rows/s%n", rows, batch, seconds,
					rows / seconds);
			connection.createStatement()
				.execute("DELETE FROM courier_positions WHERE courier_id LIKE 'copy-courier-%'");
		}
	}

}
