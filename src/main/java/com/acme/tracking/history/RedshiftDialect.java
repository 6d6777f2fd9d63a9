package com.acme.tracking.history;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Amazon Redshift: one multi-row {@code INSERT ... VALUES (...), (...)} per chunk
 * (Redshift runs single-row inserts one commit-cost at a time; COPY from S3 is the path
 * for bulk loads by another pipeline); keyset pages with the expanded comparison, as
 * Redshift has no row-value comparison; the seconds between two times by
 * {@code DATEDIFF}.
 */
final class RedshiftDialect implements WarehouseDialect {

	/** Rows per statement: well inside Redshift's 16 MB statement limit. */
	static final int CHUNK = 1000;

	@Override
	public void insertPositions(JdbcTemplate jdbc, List<PositionRow> rows) {
		insert(jdbc, "courier_positions", PositionRow.COLUMNS, 10, rows.stream().map(PositionRow::values).toList());
	}

	@Override
	public void insertEvents(JdbcTemplate jdbc, List<EventRow> rows) {
		insert(jdbc, "delivery_events", EventRow.COLUMNS, 14, rows.stream().map(EventRow::values).toList());
	}

	@Override
	public void insertEtaReadings(JdbcTemplate jdbc, List<EtaReadingRow> rows) {
		insert(jdbc, "eta_readings", EtaReadingRow.COLUMNS, EtaReadingRow.WIDTH,
				rows.stream().map(EtaReadingRow::values).toList());
	}

	/**
	 * Redshift's {@code DATEDIFF} in milliseconds (it counts millisecond boundaries: the
	 * difference to the millisecond) rather than the epoch of an interval, which is
	 * PostgreSQL's way and not one Redshift documents.
	 */
	@Override
	public String secondsBetween(String earlier, String later) {
		return "CAST(DATEDIFF(millisecond, " + earlier + ", " + later + ") AS DOUBLE PRECISION) / 1000.0";
	}

	static void insert(JdbcTemplate jdbc, String table, String columns, int width, List<Object[]> rows) {
		String row = "(" + String.join(",", Collections.nCopies(width, "?")) + ")";
		for (int from = 0; from < rows.size(); from += CHUNK) {
			List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
			List<Object> parameters = new ArrayList<>(chunk.size() * width);
			chunk.forEach((values) -> Collections.addAll(parameters, values));
			jdbc.update("INSERT INTO " + table + " (" + columns + ") VALUES "
					+ String.join(",", Collections.nCopies(chunk.size(), row)), parameters.toArray());
		}
	}

	@Override
	public String after(String first, String second, String third) {
		return "(" + first + " > ? OR (" + first + " = ? AND (" + second + " > ? OR (" + second + " = ? AND " + third
				+ " > ?))))";
	}

	@Override
	public Object[] afterParameters(Timestamp first, int second, long third) {
		return new Object[] { first, first, second, second, third };
	}

	/**
	 * By sort-key range: the oldest row's time, then the rows in [that, that + window),
	 * not past the cutoff. The time column leads each table's compound sort key, so the
	 * zone maps restrict both statements to the blocks of that range. Redshift marks the
	 * rows deleted; {@code VACUUM DELETE ONLY} reclaims them (README).
	 */
	@Override
	public Warehouse.Batch deleteBatch(JdbcTemplate jdbc, String table, String timeColumn, Timestamp cutoff, int rows,
			java.time.Duration window, @org.jspecify.annotations.Nullable String resume) {
		Timestamp oldest = jdbc.queryForObject(
				"SELECT MIN(" + timeColumn + ") FROM " + table + " WHERE " + timeColumn + " < ?", Timestamp.class,
				cutoff);
		if (oldest == null) {
			return new Warehouse.Batch(0, true, null);
		}
		Timestamp until = Timestamp
			.from(java.util.Collections.min(List.of(oldest.toInstant().plus(window), cutoff.toInstant())));
		int deleted = jdbc.update("DELETE FROM " + table + " WHERE " + timeColumn + " >= ? AND " + timeColumn + " < ?",
				oldest, until);
		return new Warehouse.Batch(deleted, false, null);
	}

	@Override
	public String name() {
		return "redshift";
	}

}
