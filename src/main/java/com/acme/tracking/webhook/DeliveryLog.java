package com.acme.tracking.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

/**
 * The delivery log in the operational database: one row per (webhook, notification),
 * whatever the number of times Kafka hands the notification over; its attempts, outcome
 * and next attempt. Rows are claimed with a lease ({@code FOR UPDATE SKIP LOCKED}), so
 * that replicas share the work and a dispatcher that dies mid-attempt only delays that
 * attempt until its lease ends.
 */
class DeliveryLog {

	private static final String COLUMNS = "d.id, d.seq, d.webhook_id, d.notification_id, d.order_id, d.kind, d.body, "
			+ "d.notified_at, d.created_at, d.attempts, d.last_status_code, d.last_error, d.last_latency_ms, "
			+ "d.first_attempt_at, d.delivered_at, d.next_attempt_at, d.gave_up_at";

	private final NamedParameterJdbcOperations jdbc;

	private final org.springframework.transaction.support.TransactionTemplate transaction;

	DeliveryLog(NamedParameterJdbcOperations jdbc,
			org.springframework.transaction.support.TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/** A delivery to add to the log. */
	record NewDelivery(UUID webhookId, String notificationId, String orderId, String kind, String body,
			Instant notifiedAt) {
	}

	private static final String INSERT = """
			INSERT INTO webhook_deliveries (id, webhook_id, notification_id, order_id, kind, body, notified_at,
			    created_at, attempts, next_attempt_at, version)
			SELECT :id, :webhook, :notification, :order, :kind, :body, :notified, :now, 0, :now, 0
			WHERE NOT EXISTS (SELECT 1 FROM withheld_orders w WHERE w.order_id = :order)
			ON CONFLICT (webhook_id, notification_id) DO NOTHING""";

	/**
	 * Adds deliveries due now, in one transaction and in their order; a notification
	 * already logged for a webhook adds nothing. Answers how many were added.
	 */
	int addAll(List<NewDelivery> deliveries, Instant now) {
		if (deliveries.isEmpty()) {
			return 0;
		}
		MapSqlParameterSource[] rows = deliveries.stream()
			.map((d) -> new MapSqlParameterSource().addValue("id", UUID.randomUUID())
				.addValue("webhook", d.webhookId())
				.addValue("notification", d.notificationId())
				.addValue("order", d.orderId())
				.addValue("kind", d.kind())
				.addValue("body", d.body())
				.addValue("notified", Timestamp.from(d.notifiedAt()))
				.addValue("now", Timestamp.from(now)))
			.toArray(MapSqlParameterSource[]::new);
		Integer added = this.transaction.execute((status) -> {
			int sum = 0;
			for (int n : this.jdbc.batchUpdate(INSERT, rows)) {
				sum += Math.max(n, 0);
			}
			return sum;
		});
		return (added != null) ? added : 0;
	}

	/**
	 * Adds a delivery due now; a notification already logged for that webhook adds
	 * nothing.
	 */
	boolean add(UUID webhookId, String notificationId, String orderId, String kind, String body, Instant notifiedAt,
			Instant now) {
		return addAll(List.of(new NewDelivery(webhookId, notificationId, orderId, kind, body, notifiedAt)), now) == 1;
	}

	/**
	 * Claims up to {@code limit} due deliveries for {@code lease}: due, of an enabled
	 * webhook, and the oldest open one of its order for that webhook (an order's
	 * notifications reach an endpoint in order).
	 */
	List<Delivery> claim(int limit, int perWebhook, Duration lease, Instant now) {
		return this.jdbc.query("""
				UPDATE webhook_deliveries d SET next_attempt_at = :until, version = d.version + 1
				WHERE d.id IN (
				    SELECT r.id FROM (
				        SELECT c.id, c.next_attempt_at, c.seq,
				               row_number() OVER (PARTITION BY c.webhook_id ORDER BY c.next_attempt_at, c.seq) AS n
				        FROM webhook_deliveries c JOIN webhooks w ON w.id = c.webhook_id
				        WHERE c.next_attempt_at <= :now AND w.enabled
				          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
				                          WHERE e.webhook_id = c.webhook_id AND e.order_id = c.order_id
				                            AND e.delivered_at IS NULL AND e.gave_up_at IS NULL
				                            AND e.seq < c.seq)) r
				    WHERE r.n <= :perWebhook
				    ORDER BY r.next_attempt_at, r.seq LIMIT :limit)
				  AND d.next_attempt_at <= :now
				RETURNING\s""" + COLUMNS, Map.of("until", Timestamp.from(now.plus(lease)), "now", Timestamp.from(now),
				"limit", limit, "perWebhook", perWebhook), DeliveryLog::delivery);
	}

	void delivered(UUID id, int status, long latencyMillis, Instant now) {
		this.jdbc.update("""
				UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = :status, last_error = NULL,
				    last_latency_ms = :latency, first_attempt_at = COALESCE(first_attempt_at, :now),
				    delivered_at = :now, next_attempt_at = NULL, version = version + 1
				WHERE id = :id""",
				new MapSqlParameterSource().addValue("id", id)
					.addValue("status", status)
					.addValue("latency", latencyMillis)
					.addValue("now", Timestamp.from(now)));
	}

	/** A failed attempt: the next one at {@code next}, or none (given up) when null. */
	void failed(UUID id, @Nullable Integer status, String error, long latencyMillis, @Nullable Instant next,
			Instant now) {
		this.jdbc.update("""
				UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = :status, last_error = :error,
				    last_latency_ms = :latency, first_attempt_at = COALESCE(first_attempt_at, :now),
				    next_attempt_at = :next,
				    gave_up_at = CASE WHEN CAST(:next AS timestamptz) IS NULL THEN CAST(:now AS timestamptz) END,
				    version = version + 1
				WHERE id = :id""",
				new MapSqlParameterSource().addValue("id", id)
					.addValue("status", status)
					.addValue("error", (error.length() > 256) ? error.substring(0, 256) : error)
					.addValue("latency", latencyMillis)
					.addValue("next", (next != null) ? Timestamp.from(next) : null, java.sql.Types.TIMESTAMP)
					.addValue("now", Timestamp.from(now)));
	}

	/**
	 * Puts a claimed delivery back without an attempt (its endpoint is busy or paused).
	 */
	void postpone(UUID id, Instant next) {
		this.jdbc.update("UPDATE webhook_deliveries SET next_attempt_at = :next, version = version + 1 WHERE id = :id",
				Map.of("id", id, "next", Timestamp.from(next)));
	}

	/** Sends a delivery again now (a replay): it counts as open until it succeeds. */
	boolean replay(UUID webhookId, UUID id, Instant now) {
		return this.jdbc.update("""
				UPDATE webhook_deliveries SET next_attempt_at = :now, delivered_at = NULL, gave_up_at = NULL,
				    version = version + 1
				WHERE id = :id AND webhook_id = :webhook
				    AND NOT EXISTS (SELECT 1 FROM withheld_orders w WHERE w.order_id = webhook_deliveries.order_id)""",
				Map.of("id", id, "webhook", webhookId, "now", Timestamp.from(now))) == 1;
	}

	/**
	 * Withholds every notification of these orders (an erased customer's): the open
	 * deliveries are given up, and none is logged or replayed from now on. Answers how
	 * many open deliveries were given up; running it again changes nothing.
	 */
	int withhold(Collection<String> orderIds, Instant now) {
		if (orderIds.isEmpty()) {
			return 0;
		}
		Integer withheld = this.transaction.execute((status) -> {
			this.jdbc.batchUpdate(
					"INSERT INTO withheld_orders (order_id, withheld_at) VALUES (:order, :now) "
							+ "ON CONFLICT (order_id) DO NOTHING",
					orderIds.stream()
						.map((order) -> new MapSqlParameterSource("order", order).addValue("now", Timestamp.from(now)))
						.toArray(MapSqlParameterSource[]::new));
			return this.jdbc.update(
					"UPDATE webhook_deliveries SET gave_up_at = :now, next_attempt_at = NULL, "
							+ "last_error = 'withheld: the customer was erased', version = version + 1 "
							+ "WHERE order_id IN (:orders) AND delivered_at IS NULL AND gave_up_at IS NULL",
					new MapSqlParameterSource("orders", orderIds).addValue("now", Timestamp.from(now)));
		});
		return (withheld != null) ? withheld : 0;
	}

	/**
	 * Deletes at most {@code rows} ended deliveries (delivered or given up) logged before
	 * {@code cutoff}, then withheld orders withheld before it; answers how many rows.
	 */
	int deleteEndedBefore(Instant cutoff, int rows) {
		MapSqlParameterSource parameters = new MapSqlParameterSource("cutoff", Timestamp.from(cutoff)).addValue("rows",
				rows);
		int deleted = this.jdbc.update("DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries "
				+ "WHERE created_at < :cutoff AND (delivered_at IS NOT NULL OR gave_up_at IS NOT NULL) LIMIT :rows)",
				parameters);
		if (deleted < rows) {
			deleted += this.jdbc.update("DELETE FROM withheld_orders WHERE order_id IN (SELECT order_id FROM "
					+ "withheld_orders WHERE withheld_at < :cutoff LIMIT :rows)", parameters);
		}
		return deleted;
	}

	/** A page of a webhook's log, newest first, after the key {@code seq}. */
	List<Delivery> page(UUID webhookId, @Nullable Long afterSeq, int limit) {
		MapSqlParameterSource parameters = new MapSqlParameterSource().addValue("webhook", webhookId)
			.addValue("limit", limit);
		String after = "";
		if (afterSeq != null) {
			after = " AND d.seq < :seq";
			parameters.addValue("seq", afterSeq);
		}
		return this.jdbc.query("SELECT " + COLUMNS + " FROM webhook_deliveries d WHERE d.webhook_id = :webhook" + after
				+ " ORDER BY d.seq DESC LIMIT :limit", parameters, DeliveryLog::delivery);
	}

	/** The endpoint answered: it is not failing any more. */
	void working(UUID webhookId) {
		this.jdbc.update("UPDATE webhooks SET failing_since = NULL, version = version + 1 "
				+ "WHERE id = :id AND failing_since IS NOT NULL", Map.of("id", webhookId));
	}

	/**
	 * The endpoint failed: failing since now unless it already was; disabled when it has
	 * been failing since before {@code disableBefore}.
	 */
	void failing(UUID webhookId, Instant now, Instant disableBefore) {
		this.jdbc.update(
				"UPDATE webhooks SET failing_since = :now, version = version + 1 "
						+ "WHERE id = :id AND failing_since IS NULL",
				Map.of("id", webhookId, "now", Timestamp.from(now)));
		this.jdbc.update(
				"""
						UPDATE webhooks SET enabled = FALSE, version = version + 1,
						    disabled_reason = 'Every attempt failed since ' || to_char(failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
						WHERE id = :id AND enabled AND failing_since < :before""",
				Map.of("id", webhookId, "before", Timestamp.from(disableBefore)));
	}

	/** Deliveries waiting for an attempt (the retry queue), across the fleet. */
	long pending() {
		Long count = this.jdbc.queryForObject(
				"SELECT count(*) FROM webhook_deliveries WHERE next_attempt_at IS NOT NULL", Map.of(), Long.class);
		return (count != null) ? count : 0;
	}

	/**
	 * Webhooks the service disabled after failing too long (enabled again by their
	 * owners).
	 */
	long disabled() {
		Long count = this.jdbc.queryForObject(
				"SELECT count(*) FROM webhooks WHERE NOT enabled AND disabled_reason IS NOT NULL", Map.of(),
				Long.class);
		return (count != null) ? count : 0;
	}

	private static Delivery delivery(ResultSet row, int n) throws SQLException {
		return new Delivery(row.getObject("id", UUID.class), row.getLong("seq"),
				row.getObject("webhook_id", UUID.class), row.getString("notification_id"), row.getString("order_id"),
				row.getString("kind"), row.getString("body"), instant(row, "notified_at"), instant(row, "created_at"),
				row.getInt("attempts"), (Integer) row.getObject("last_status_code"), row.getString("last_error"),
				(Long) row.getObject("last_latency_ms"), instant(row, "first_attempt_at"), instant(row, "delivered_at"),
				instant(row, "next_attempt_at"), instant(row, "gave_up_at"));
	}

	private static @Nullable Instant instant(ResultSet row, String column) throws SQLException {
		Timestamp time = row.getTimestamp(column);
		return (time != null) ? time.toInstant() : null;
	}

	/** One row of the log. */
	record Delivery(UUID id, long seq, UUID webhookId, String notificationId, String orderId, String kind, String body,
			@Nullable Instant notifiedAt, @Nullable Instant createdAt, int attempts, @Nullable Integer lastStatusCode,
			@Nullable String lastError, @Nullable Long lastLatencyMillis, @Nullable Instant firstAttemptAt,
			@Nullable Instant deliveredAt, @Nullable Instant nextAttemptAt, @Nullable Instant gaveUpAt) {
	}

}
