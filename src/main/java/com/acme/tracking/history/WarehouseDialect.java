package com.acme.tracking.history;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The few statements that differ between PostgreSQL and Amazon Redshift, one place each:
 * how rows are inserted and how a keyset page continues after a key. Everything else is
 * SQL both accept.
 */
public interface WarehouseDialect {

	/**
	 * Inserts position rows (columns in {@link PositionRow} order) in one transaction's
	 * work.
	 */
	void insertPositions(JdbcTemplate jdbc, List<PositionRow> rows);

	/** Inserts delivery event rows. */
	void insertEvents(JdbcTemplate jdbc, List<EventRow> rows);

	/**
	 * A predicate for "after this key" over three ordered columns, with three parameters
	 * (the key's values) in order.
	 */
	String after(String first, String second, String third);

	/** Parameters for {@link #after} from the key's values. */
	Object[] afterParameters(Timestamp first, int second, long third);

	/** The name for logs and metrics. */
	String name();

	static WarehouseDialect forUrl(String jdbcUrl) {
		return jdbcUrl.startsWith("jdbc:redshift:") ? new RedshiftDialect() : new PostgresDialect();
	}

}
