package com.acme.tracking.history.writer;

import java.sql.SQLException;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Whether a failed warehouse write was refused because of the rows it carried (so that
 * splitting the batch finds the rows to dead-letter) or failed for a reason that will
 * pass (so that the batch is retried as it is), judged by the SQLState of the error.
 *
 * <p>
 * Refused: class {@code 22} (data exception: a value too long, out of range, an invalid
 * byte such as NUL), {@code 23} (integrity: NOT NULL, CHECK) and {@code 42} (syntax or
 * access rule) except the states that name the statement or the schema rather than a
 * value (an undefined table or column, a missing privilege, a syntax error): those refuse
 * every row alike, and dead-lettering the whole stream for them would empty history into
 * the dead-letter topic. Everything else is transient and retried without end: a lost
 * connection ({@code 08}), resources ({@code 53}), an operator intervention or a
 * cancelled statement ({@code 57}, a query timeout), a rollback ({@code 40}), and an
 * error without an SQLState.
 */
final class WarehouseRefusal {

	private static final Set<String> REFUSING_CLASSES = Set.of("22", "23", "42");

	/** 42xxx states that say the statement or schema is wrong, not a row. */
	private static final Set<String> SYSTEMATIC = Set.of("42501", "42601", "42P01", "42703", "42883", "42704");

	private static final int MAX_REASON = 300;

	private WarehouseRefusal() {
	}

	/**
	 * The reason the warehouse refused the rows, for {@code dlt-reason}, or null when the
	 * failure is transient.
	 */
	static @Nullable String reason(Throwable failure) {
		SQLException sql = sqlException(failure);
		if (sql == null) {
			return null;
		}
		String state = sql.getSQLState();
		if (state == null || state.length() != 5 || !REFUSING_CLASSES.contains(state.substring(0, 2))
				|| SYSTEMATIC.contains(state)) {
			return null;
		}
		return "refused by the warehouse: SQLState " + state + ": " + firstLine(sql.getMessage());
	}

	/**
	 * The most specific SQL error in the chain: a JDBC batch reports the statement (with
	 * its values) and chains the server's error as the next exception.
	 */
	private static @Nullable SQLException sqlException(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof SQLException sql) {
				SQLException next = sql.getNextException();
				return (next != null && next.getSQLState() != null) ? next : sql;
			}
		}
		return null;
	}

	/**
	 * The first line of the message: PostgreSQL puts the failing row's values in the
	 * lines after ({@code Detail: Failing row contains ...}), and they are personal data.
	 */
	private static String firstLine(@Nullable String message) {
		if (message == null) {
			return "(no message)";
		}
		String line = message.strip();
		int end = line.indexOf('\n');
		line = (end < 0) ? line : line.substring(0, end).strip();
		return (line.length() > MAX_REASON) ? line.substring(0, MAX_REASON) + "…" : line;
	}

}
