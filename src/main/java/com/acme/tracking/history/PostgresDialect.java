package com.acme.tracking.history;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL: JDBC batches (the driver rewrites them to multi-row inserts with
 * {@code reWriteBatchedInserts}); keyset pages with a row-value comparison, which the
 * composite index serves directly; seconds between times from the interval's epoch.
 */
final class PostgresDialect implements WarehouseDialect {

	@Override
	public void insertPositions(JdbcTemplate jdbc, List<PositionRow> rows) {
		jdbc.batchUpdate("INSERT INTO courier_positions (" + PositionRow.COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)",
				rows.stream().map(PositionRow::values).toList());
	}

	@Override
	public void insertEvents(JdbcTemplate jdbc, List<EventRow> rows) {
		jdbc.batchUpdate("INSERT INTO delivery_events (" + EventRow.COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
				rows.stream().map(EventRow::values).toList());
	}

	@Override
	public void insertEtaReadings(JdbcTemplate jdbc, List<EtaReadingRow> rows) {
		jdbc.batchUpdate("INSERT INTO eta_readings (" + EtaReadingRow.COLUMNS + ") VALUES (?,?,?,?,?,?,?)",
				rows.stream().map(EtaReadingRow::values).toList());
	}

	@Override
	public String secondsBetween(String earlier, String later) {
		return "CAST(EXTRACT(EPOCH FROM (" + later + " - " + earlier + ")) AS DOUBLE PRECISION)";
	}

	@Override
	public String after(String first, String second, String third) {
		return "(" + first + ", " + second + ", " + third + ") > (?, ?, ?)";
	}

	@Override
	public Object[] afterParameters(Timestamp first, int second, long third) {
		return new Object[] { first, second, third };
	}

	/**
	 * The rows by physical address ({@code ctid}), at most {@code rows}, read in physical
	 * order from the page where the previous batch stopped (a TID range scan): row locks
	 * on those rows only, for the statement's milliseconds, and readers and the writer's
	 * inserts are never blocked. Each batch reads on from the last, so that no batch
	 * reads again the pages the run has emptied (their dead rows stay until a vacuum),
	 * and the last one reads only the rest of the table. History tables are append-only:
	 * a row older than the cutoff is never added behind the run.
	 */
	@Override
	public Warehouse.Batch deleteBatch(JdbcTemplate jdbc, String table, String timeColumn, Timestamp cutoff, int rows,
			java.time.Duration window, @org.jspecify.annotations.Nullable String resume) {
		String from = (resume != null) ? resume : "(0,0)";
		return jdbc.queryForObject("WITH batch AS (DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM "
				+ table + " WHERE ctid >= CAST(? AS tid) AND " + timeColumn + " < ? LIMIT ?)) RETURNING ctid) "
				+ "SELECT COUNT(*), CAST(MAX(ctid) AS text) FROM batch", (rs, n) -> {
					int deleted = rs.getInt(1);
					String last = rs.getString(2);
					return new Warehouse.Batch(deleted, deleted < rows, (last != null) ? last : from);
				}, from, cutoff, rows);
	}

	@Override
	public String name() {
		return "postgresql";
	}

}
