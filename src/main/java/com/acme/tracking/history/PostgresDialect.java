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

	@Override
	public String name() {
		return "postgresql";
	}

}
