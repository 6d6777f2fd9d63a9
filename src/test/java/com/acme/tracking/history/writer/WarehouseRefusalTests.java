package com.acme.tracking.history.writer;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which warehouse failures split a batch to dead-letter the refused rows, and which retry
 * the batch without end (the warehouse is unreachable, busy, or the statement itself is
 * wrong for every row).
 */
class WarehouseRefusalTests {

	@Test
	void dataAndIntegrityErrorsRefuseTheRowsWithTheServersFirstLineAsReason() {
		SQLException server = new SQLException(
				"ERROR: new row for relation \"courier_positions\" violates check constraint \"c\"\n"
						+ "  Detail: Failing row contains (courier-1, 52.5, 13.4, ...)",
				"23514");
		BatchUpdateException batch = new BatchUpdateException(
				"Batch entry 0 INSERT INTO courier_positions VALUES ('courier-1', 52.5, 13.4) was aborted", "23514", 0,
				new int[0], null);
		batch.setNextException(server);
		assertThat(WarehouseRefusal.reason(new DataIntegrityViolationException("batch", batch)))
			.isEqualTo("refused by the warehouse: SQLState 23514: ERROR: new row for relation \"courier_positions\" "
					+ "violates check constraint \"c\"");
		assertThat(WarehouseRefusal
			.reason(new SQLException("ERROR: value too long for type character varying(128)", "22001"))).isEqualTo(
					"refused by the warehouse: SQLState 22001: ERROR: value too long for type character varying(128)");
		assertThat(WarehouseRefusal.reason(new SQLException("ERROR: column is of type integer", "42804"))).isNotNull();
	}

	@Test
	void anUnreachableBusyOrTimedOutWarehouseIsRetried() {
		assertThat(WarehouseRefusal.reason(
				new CannotGetJdbcConnectionException("no connection", new SQLException("Connection refused", "08001"))))
			.isNull();
		assertThat(WarehouseRefusal.reason(new SQLException("terminating connection", "57P01"))).isNull();
		assertThat(WarehouseRefusal.reason(new SQLException("out of memory", "53200"))).isNull();
		assertThat(WarehouseRefusal.reason(new SQLException("serialization failure", "40001"))).isNull();
		assertThat(WarehouseRefusal.reason(new QueryTimeoutException("timeout",
				new SQLTimeoutException("canceling statement due to statement timeout", "57014"))))
			.isNull();
		assertThat(WarehouseRefusal.reason(new SQLException("no state"))).isNull();
		assertThat(WarehouseRefusal.reason(new IllegalStateException("not SQL"))).isNull();
	}

	@Test
	void aStatementWrongForEveryRowIsRetriedNotDeadLetteredRowByRow() {
		assertThat(WarehouseRefusal.reason(new SQLException("permission denied for table", "42501"))).isNull();
		assertThat(WarehouseRefusal.reason(new SQLException("relation does not exist", "42P01"))).isNull();
		assertThat(WarehouseRefusal.reason(new SQLException("column does not exist", "42703"))).isNull();
	}

}
