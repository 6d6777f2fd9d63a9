package com.acme.tracking.privacy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The erasures in the operational database: one per customer (asking again answers the
 * same one), {@code PENDING} → {@code RUNNING} → {@code DONE}. A replica claims one with
 * a lease; one whose replica died is claimed again when its lease has passed, and its
 * steps, each of which may run twice, run again from the start.
 */
class Erasures {

	/** An erasure's state, as answered. */
	enum State {

		PENDING, RUNNING, DONE

	}

	/** An erasure as answered ({@code customerId} only while it runs). */
	record Erasure(UUID id, State state, Instant requestedAt, @Nullable Instant completedAt,
			@Nullable String customerId, String pseudonym, String requestedBy) {
	}

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	Erasures(NamedParameterJdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Asks for the erasure of a customer (by its pseudonym, and its id while it runs);
	 * answers the erasure and whether this request made it.
	 */
	Requested request(String customerId, String pseudonym, String requestedBy) {
		UUID id = UUID.randomUUID();
		int added = this.jdbc.update("""
				INSERT INTO erasures (id, customer_pseudonym, customer_id, state, requested_at, requested_by, attempts)
				VALUES (:id, :pseudonym, :customer, 'PENDING', :now, :by, 0)
				ON CONFLICT (customer_pseudonym) DO NOTHING""",
				new MapSqlParameterSource("id", id).addValue("pseudonym", pseudonym)
					.addValue("customer", customerId)
					.addValue("now", Timestamp.from(this.clock.instant()))
					.addValue("by", requestedBy));
		Erasure erasure = this.jdbc
			.query("SELECT * FROM erasures WHERE customer_pseudonym = :pseudonym",
					new MapSqlParameterSource("pseudonym", pseudonym), Erasures::erasure)
			.get(0);
		return new Requested(erasure, added == 1);
	}

	record Requested(Erasure erasure, boolean created) {
	}

	Optional<Erasure> find(UUID id) {
		return this.jdbc
			.query("SELECT * FROM erasures WHERE id = :id", new MapSqlParameterSource("id", id), Erasures::erasure)
			.stream()
			.findFirst();
	}

	/**
	 * Claims the oldest erasure that is pending, or running on a replica whose lease has
	 * passed; none when there is none.
	 */
	Optional<Erasure> claim(Duration lease) {
		Instant now = this.clock.instant();
		return this.jdbc
			.query("""
					UPDATE erasures SET state = 'RUNNING', lease_until = :until, attempts = attempts + 1,
					    started_at = COALESCE(started_at, :now)
					WHERE id = (SELECT id FROM erasures WHERE state <> 'DONE' AND (lease_until IS NULL OR lease_until < :now)
					            ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
					RETURNING *""",
					new MapSqlParameterSource("now", Timestamp.from(now)).addValue("until",
							Timestamp.from(now.plus(lease))),
					Erasures::erasure)
			.stream()
			.findFirst();
	}

	/** Records a step's counts (each step's own column). */
	void progress(UUID id, String column, int count) {
		this.jdbc.update("UPDATE erasures SET " + column + " = :count WHERE id = :id",
				new MapSqlParameterSource("id", id).addValue("count", count));
	}

	/** Done: the customer's id is forgotten here too. */
	void done(UUID id) {
		this.jdbc.update("""
				UPDATE erasures SET state = 'DONE', completed_at = :now, customer_id = NULL, lease_until = NULL,
				    last_error = NULL
				WHERE id = :id""",
				new MapSqlParameterSource("id", id).addValue("now", Timestamp.from(this.clock.instant())));
	}

	/** A step failed: tried again once the lease has passed. */
	void failed(UUID id, String error) {
		this.jdbc.update("UPDATE erasures SET last_error = :error WHERE id = :id", new MapSqlParameterSource("id", id)
			.addValue("error", (error.length() > 256) ? error.substring(0, 256) : error));
	}

	/** The pseudonyms of erasures after {@code seq}, with the last seq read. */
	Erased erasedAfter(long seq) {
		List<Object[]> rows = this.jdbc.query(
				"SELECT seq, customer_pseudonym FROM erasures WHERE seq > :seq ORDER BY seq",
				new MapSqlParameterSource("seq", seq), (rs, n) -> new Object[] { rs.getLong(1), rs.getString(2) });
		long last = rows.isEmpty() ? seq : (long) rows.get(rows.size() - 1)[0];
		return new Erased(rows.stream().map((row) -> (String) row[1]).toList(), last);
	}

	record Erased(List<String> pseudonyms, long lastSeq) {
	}

	private static Erasure erasure(ResultSet rs, int n) throws SQLException {
		Timestamp completed = rs.getTimestamp("completed_at");
		return new Erasure(rs.getObject("id", UUID.class), State.valueOf(rs.getString("state")),
				rs.getTimestamp("requested_at").toInstant(), (completed != null) ? completed.toInstant() : null,
				rs.getString("customer_id"), rs.getString("customer_pseudonym"), rs.getString("requested_by"));
	}

}
