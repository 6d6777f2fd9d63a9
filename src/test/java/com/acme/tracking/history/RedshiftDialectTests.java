package com.acme.tracking.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.acme.tracking.local.EmbeddedWarehouse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL the Redshift dialect sends, run on the embedded PostgreSQL (a database of its
 * own, migrated with {@code db/migration/postgresql}): every statement
 * {@link RedshiftDialect} issues is SQL PostgreSQL accepts too, so each one is executed
 * here and its result checked, beside {@link PostgresDialect}'s for the same rows:
 * <ul>
 * <li>the multi-row {@code INSERT ... VALUES (...), (...)} of both tables, one statement
 * per chunk of at most {@value RedshiftDialect#CHUNK} rows (a full chunk of events is
 * 14,000 bind parameters, inside the 32,767 PostgreSQL's protocol allows);</li>
 * <li>the keyset predicate written out with {@code AND}/{@code OR} (Redshift has no
 * row-value comparison), through {@link Warehouse}'s paged reads as well.</li>
 * </ul>
 * Redshift-only, and so checked for shape only: that a chunk goes out as one statement of
 * many value tuples (Redshift commits single-row inserts one by one), measured on the
 * statements sent; and the table DDL of {@code db/migration/redshift} ({@code DISTKEY},
 * {@code SORTKEY}, {@code ENCODE}), whose tables and columns
 * {@code WarehouseMigrationTests} compares with PostgreSQL's.
 */
class RedshiftDialectTests {

	private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

	private static final Pattern VALUE_TUPLE = Pattern.compile("\\((\\?,)*\\?\\)");

	private static String database;

	private static SingleConnectionDataSource dataSource;

	private final RedshiftDialect redshift = new RedshiftDialect();

	private final RecordingJdbc jdbc = new RecordingJdbc(dataSource);

	@BeforeAll
	static void migrateADatabaseOfOurOwn() throws SQLException {
		EmbeddedPostgres server = EmbeddedWarehouse.get();
		database = "dialect_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + database);
		}
		String url = server.getJdbcUrl("postgres", database);
		Flyway.configure()
			.dataSource(url, "postgres", "postgres")
			.locations("classpath:db/migration/postgresql")
			.load()
			.migrate();
		dataSource = new SingleConnectionDataSource(url, "postgres", "postgres", true);
	}

	@AfterAll
	static void dropIt() throws SQLException {
		dataSource.destroy();
		try (Connection connection = EmbeddedWarehouse.get().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE " + database);
		}
	}

	@Test
	void positionsAreWrittenAsOneMultiRowInsertPerThousandRows() {
		String courier = courier();
		List<PositionRow> rows = new ArrayList<>();
		for (int i = 0; i < 2345; i++) {
			rows.add(position(courier, T0.plusMillis(i), i % 3, i, (i == 7) ? null : 4.5f));
		}

		this.redshift.insertPositions(this.jdbc, rows);

		assertThat(this.jdbc.statements).extracting(Sent::tuples).containsExactly(1000, 1000, 345);
		assertThat(this.jdbc.statements).extracting(Sent::parameters).containsExactly(10_000, 10_000, 3450);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM courier_positions WHERE courier_id = ?", Long.class,
				courier))
			.isEqualTo(2345);
		assertThat(this.jdbc.queryForObject(
				"SELECT accuracy_meters FROM courier_positions WHERE courier_id = ? AND kafka_offset = 8", Float.class,
				courier))
			.isEqualTo(4.5f);
		assertThat(this.jdbc.queryForObject(
				"SELECT accuracy_meters FROM courier_positions WHERE courier_id = ? AND kafka_offset = 7", Float.class,
				courier))
			.as("an absent accuracy stays absent")
			.isNull();
	}

	@Test
	void etaReadingsAreWrittenAsOneMultiRowInsertPerThousandRows() {
		String order = "order-" + UUID.randomUUID();
		List<EtaReadingRow> rows = new ArrayList<>();
		for (int i = 0; i < 1500; i++) {
			rows.add(new EtaReadingRow(order, Timestamp.from(T0.plusSeconds(60L * i)),
					Timestamp.from(T0.plusSeconds(60L * i + 600)), Timestamp.from(T0.plusSeconds(60L * i + 420)),
					Timestamp.from(T0.plusSeconds(60L * i + 900)), 2500.5 - i, Timestamp.from(T0)));
		}

		this.redshift.insertEtaReadings(this.jdbc, rows);

		assertThat(this.jdbc.statements).extracting(Sent::parameters).containsExactly(7000, 3500);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM eta_readings WHERE order_id = ?", Long.class, order))
			.isEqualTo(1500);
		assertThat(
				this.jdbc.queryForObject("SELECT remaining_meters FROM eta_readings WHERE order_id = ? AND read_at = ?",
						Double.class, order, Timestamp.from(T0.plusSeconds(60))))
			.isEqualTo(2499.5);
	}

	@Test
	void eventsAreWrittenWithEveryColumnInFullChunksOfFourteenThousandParameters() {
		String order = "order-" + UUID.randomUUID();
		List<EventRow> rows = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			rows.add(new EventRow("event-" + i, order, "COURIER_ASSIGNED", Timestamp.from(T0.plusSeconds(i)), null,
					null, null, null, "courier-" + i, null, null, Timestamp.from(T0), 1, i));
		}
		rows.add(new EventRow("event-created", order, "CREATED", Timestamp.from(T0), "customer-1", "partner-1", -23.56,
				-46.65, null, -23.57, -46.64, Timestamp.from(T0), 2, 99));

		this.redshift.insertEvents(this.jdbc, rows);

		assertThat(this.jdbc.statements).extracting(Sent::parameters).containsExactly(14_000, 14_000, 14);
		assertThat(
				this.jdbc.queryForObject("SELECT count(*) FROM delivery_events WHERE order_id = ?", Long.class, order))
			.isEqualTo(2001);
		assertThat(this.jdbc.queryForMap(
				"SELECT event_id, type, customer_id, partner_id, destination_lat, destination_lon, courier_id, "
						+ "location_lat, location_lon, kafka_partition, kafka_offset FROM delivery_events "
						+ "WHERE order_id = ? AND type = 'CREATED'",
				order))
			.containsEntry("event_id", "event-created")
			.containsEntry("customer_id", "customer-1")
			.containsEntry("partner_id", "partner-1")
			.containsEntry("destination_lat", -23.56)
			.containsEntry("destination_lon", -46.65)
			.containsEntry("courier_id", null)
			.containsEntry("location_lat", -23.57)
			.containsEntry("location_lon", -46.64)
			.containsEntry("kafka_partition", 2)
			.containsEntry("kafka_offset", 99L);
	}

	@Test
	void theKeysetPredicateSelectsExactlyTheRowsAfterTheKeyAsPostgresqlsRowComparisonDoes() {
		String courier = courier();
		List<PositionRow> grid = new ArrayList<>();
		for (int second = 0; second < 3; second++) {
			for (int partition = 0; partition < 3; partition++) {
				for (long offset = 10; offset < 12; offset++) {
					grid.add(position(courier, T0.plusSeconds(second), partition, offset, null));
				}
			}
		}
		this.redshift.insertPositions(this.jdbc, grid);
		List<PageKey> all = grid.stream().map(RedshiftDialectTests::key).sorted(KEY_ORDER).toList();
		List<PageKey> probes = new ArrayList<>(all);
		// keys no row has: between and beyond the rows'
		probes.add(new PageKey(T0.minusSeconds(1), 0, 0));
		probes.add(new PageKey(T0.plusSeconds(1), 1, 5));
		probes.add(new PageKey(T0.plusSeconds(1), 1, 20));
		probes.add(new PageKey(T0.plusMillis(1500), 0, 0));
		probes.add(new PageKey(T0.plusSeconds(9), 0, 0));

		for (PageKey after : probes) {
			List<PageKey> expected = all.stream().filter((key) -> KEY_ORDER.compare(key, after) > 0).toList();
			assertThat(rowsAfter(this.redshift, courier, after)).as("redshift, after " + after)
				.containsExactlyElementsOf(expected);
			assertThat(rowsAfter(new PostgresDialect(), courier, after)).as("postgresql, after " + after)
				.containsExactlyElementsOf(expected);
		}
	}

	@Test
	void pagesOfACouriersPositionsCoverItsRowsOnceWithTheRedshiftDialect() {
		Warehouse warehouse = new Warehouse(this.jdbc,
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)), this.redshift, defaultSettings(),
				new SimpleMeterRegistry(), new com.acme.tracking.shared.CustomerIds("", false));
		String courier = courier();
		List<PositionRow> rows = new ArrayList<>();
		for (int i = 0; i < 23; i++) {
			// pairs of rows share a time, from two partitions
			rows.add(position(courier, T0.plusSeconds(i / 2), i % 2, 100 + i, null));
		}
		warehouse.write(rows, List.of());
		// at-least-once: the first five are written a second time
		warehouse.write(rows.subList(0, 5), List.of());

		List<PageKey> seen = new ArrayList<>();
		PageKey after = null;
		int pages = 0;
		do {
			Page<HistoricPosition> page = warehouse.positions(courier, T0, T0.plusSeconds(60), 4, after);
			page.items().forEach((position) -> seen.add(position.key()));
			after = page.next();
			pages++;
		}
		while (after != null && pages < 20);

		assertThat(seen).doesNotHaveDuplicates()
			.containsExactlyElementsOf(rows.stream().map(RedshiftDialectTests::key).sorted(KEY_ORDER).toList());
	}

	@Test
	void theDialectFollowsTheWarehouseUrl() {
		assertThat(WarehouseDialect.forUrl("jdbc:redshift://cluster.example:5439/dev").name()).isEqualTo("redshift");
		assertThat(WarehouseDialect.forUrl("jdbc:postgresql://localhost:5432/postgres").name()).isEqualTo("postgresql");
	}

	private static final Comparator<PageKey> KEY_ORDER = Comparator.comparing(PageKey::time)
		.thenComparingInt(PageKey::partition)
		.thenComparingLong(PageKey::offset);

	private List<PageKey> rowsAfter(WarehouseDialect dialect, String courier, PageKey after) {
		List<Object> parameters = new ArrayList<>(List.of(courier));
		Collections.addAll(parameters,
				dialect.afterParameters(Timestamp.from(after.time()), after.partition(), after.offset()));
		return this.jdbc.query(
				"SELECT recorded_at, kafka_partition, kafka_offset FROM courier_positions WHERE courier_id = ? AND "
						+ dialect.after("recorded_at", "kafka_partition", "kafka_offset")
						+ " ORDER BY recorded_at, kafka_partition, kafka_offset",
				(rs, n) -> new PageKey(rs.getTimestamp(1).toInstant(), rs.getInt(2), rs.getLong(3)),
				parameters.toArray());
	}

	@Test
	void retentionDeletesBySortKeyWindowsWithTheRedshiftDialectAndByRowsWithPostgresql() {
		for (WarehouseDialect dialect : List.of(this.redshift, new PostgresDialect())) {
			Warehouse warehouse = new Warehouse(this.jdbc,
					new TransactionTemplate(new DataSourceTransactionManager(dataSource)), dialect, defaultSettings(),
					new SimpleMeterRegistry(), new com.acme.tracking.shared.CustomerIds("", false));
			String courier = courier();
			Instant cutoff = T0.minus(java.time.Duration.ofDays(90));
			List<PositionRow> rows = new ArrayList<>();
			// five hours of old rows, one every minute, and an hour of recent ones
			for (int minute = 0; minute < 300; minute++) {
				rows.add(position(courier, cutoff.minusSeconds(60L * (minute + 1)), 0, minute, null));
			}
			for (int minute = 0; minute < 60; minute++) {
				rows.add(position(courier, cutoff.plusSeconds(60L * minute), 0, 1000 + minute, null));
			}
			warehouse.write(rows, List.of());
			List<Integer> batches = new ArrayList<>();
			Warehouse.Batch batch = null;
			do {
				batch = warehouse.deleteBatch(Warehouse.Retained.POSITIONS, cutoff, 100, java.time.Duration.ofHours(1),
						batch);
				batches.add(batch.deleted());
			}
			while (!batch.last());
			assertThat(batches.stream().mapToInt(Integer::intValue).sum()).as(dialect.name()).isEqualTo(300);
			// an hour of the sort key (60 rows) per Redshift delete; 100 rows per
			// PostgreSQL one
			assertThat(batches).as(dialect.name()).allMatch((n) -> n <= (dialect == this.redshift ? 60 : 100));
			assertThat(this.jdbc.queryForObject(
					"SELECT COUNT(*) FROM courier_positions WHERE courier_id = ? AND recorded_at >= ?", Long.class,
					courier, Timestamp.from(cutoff)))
				.isEqualTo(60);
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM courier_positions WHERE courier_id = ?",
					Long.class, courier))
				.isEqualTo(60);
		}
	}

	private static PageKey key(PositionRow row) {
		return new PageKey(row.recordedAt().toInstant(), row.partition(), row.offset());
	}

	private static PositionRow position(String courier, Instant at, int partition, long offset,
			@Nullable Float accuracy) {
		return new PositionRow(courier, -23.5, -46.6, accuracy, null, null, Timestamp.from(at), Timestamp.from(T0),
				partition, offset);
	}

	private static String courier() {
		return "courier-" + UUID.randomUUID();
	}

	private static HistorySettings defaultSettings() {
		return new Binder(new MapConfigurationPropertySource()).bindOrCreate("tracking.history",
				Bindable.of(HistorySettings.class));
	}

	/** A statement the dialect sent: how many value tuples and bind parameters. */
	record Sent(int tuples, int parameters) {
	}

	/** Records the update statements sent through it. */
	static final class RecordingJdbc extends JdbcTemplate {

		final List<Sent> statements = new ArrayList<>();

		RecordingJdbc(SingleConnectionDataSource dataSource) {
			super(dataSource);
		}

		@Override
		public int update(String sql, @Nullable Object @Nullable ... args) {
			if (sql.startsWith("INSERT INTO ")) {
				this.statements
					.add(new Sent((int) VALUE_TUPLE.matcher(sql).results().count(), (args != null) ? args.length : 0));
			}
			return super.update(sql, args);
		}

	}

}
