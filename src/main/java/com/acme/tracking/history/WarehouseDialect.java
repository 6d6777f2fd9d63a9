package com.acme.tracking.history;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The few statements that differ between PostgreSQL and Amazon Redshift, one place each:
 * how rows are inserted, how a keyset page continues after a key and how the seconds
 * between two times are computed. Everything else is SQL both accept.
 */
public interface WarehouseDialect {

	/**
	 * Inserts position rows (columns in {@link PositionRow} order) in one transaction's
	 * work.
	 */
	void insertPositions(JdbcTemplate jdbc, List<PositionRow> rows);

	/** Inserts delivery event rows. */
	void insertEvents(JdbcTemplate jdbc, List<EventRow> rows);

	/** Inserts ETA reading rows. */
	void insertEtaReadings(JdbcTemplate jdbc, List<EtaReadingRow> rows);

	/**
	 * An expression of the seconds from {@code earlier} to {@code later} (two
	 * {@code TIMESTAMPTZ} expressions), exact to the millisecond, as a
	 * {@code DOUBLE PRECISION}.
	 */
	String secondsBetween(String earlier, String later);

	/**
	 * A predicate for "after this key" over three ordered columns, with three parameters
	 * (the key's values) in order.
	 */
	String after(String first, String second, String third);

	/** Parameters for {@link #after} from the key's values. */
	Object[] afterParameters(Timestamp first, int second, long third);

	/**
	 * Deletes one bounded batch of {@code table}'s rows whose {@code timeColumn} is
	 * before {@code cutoff}, as one short transaction, going on from {@code resume} (the
	 * previous batch's, null for a run's first). PostgreSQL deletes at most {@code rows}
	 * rows, in physical order from where the previous batch stopped; Redshift, which has
	 * no row limit on a delete, deletes the oldest {@code window} of the sort key's range
	 * (its time column), which zone maps find without a scan.
	 */
	Warehouse.Batch deleteBatch(JdbcTemplate jdbc, String table, String timeColumn, Timestamp cutoff, int rows,
			java.time.Duration window, @org.jspecify.annotations.Nullable String resume);

	/** The name for logs and metrics. */
	String name();

	static WarehouseDialect forUrl(String jdbcUrl) {
		return jdbcUrl.startsWith("jdbc:redshift:") ? new RedshiftDialect() : new PostgresDialect();
	}

}
