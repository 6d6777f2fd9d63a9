package com.acme.tracking.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.acme.tracking.delivery.DeliveryStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import com.acme.tracking.shared.CustomerIds;
import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The warehouse: batched writes and the history reads, in SQL both PostgreSQL and
 * Redshift accept except where {@link WarehouseDialect} says otherwise. Reads tolerate
 * the duplicates at-least-once delivery leaves: rows are identified by their Kafka
 * partition and offset (events also by {@code event_id}) and each is returned once.
 */
@Component
public class Warehouse {

	private static final String POSITION_COLUMNS = "courier_id, lat, lon, accuracy_meters, speed_meters_per_second, "
			+ "heading_degrees, recorded_at, kafka_partition, kafka_offset";

	/** Most ETA readings an order's history returns (a reading a minute: a week). */
	static final int MAX_READINGS = 10_080;

	/**
	 * How far from its order's arrival a reading is looked for: a delivery's readings lie
	 * within its trip, and the bound lets Redshift prune by the sort key.
	 */
	static final java.time.Duration READINGS_AROUND_ARRIVAL = java.time.Duration.ofDays(1);

	/** Legs of a trail read by one statement (a reassigned order has a few). */
	private static final int LEGS_PER_QUERY = 100;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final WarehouseDialect dialect;

	private final MeterRegistry meters;

	private final CustomerIds customers;

	Warehouse(JdbcTemplate jdbc, TransactionTemplate transactions, WarehouseDialect dialect, HistorySettings settings,
			MeterRegistry meters, CustomerIds customers) {
		this.customers = customers;
		this.jdbc = new JdbcTemplate(jdbc.getDataSource());
		this.jdbc.setQueryTimeout((int) Math.max(1, settings.queryTimeout().toSeconds()));
		this.transactions = transactions;
		this.dialect = dialect;
		this.meters = meters;
	}

	/** Writes one batch in one transaction. */
	public void write(List<PositionRow> positions, List<EventRow> events) {
		write(positions, events, List.of());
	}

	/** Writes one batch, with the ETA readings of its positions, in one transaction. */
	public void write(List<PositionRow> positions, List<EventRow> events, List<EtaReadingRow> readings) {
		if (positions.isEmpty() && events.isEmpty() && readings.isEmpty()) {
			return;
		}
		this.transactions.executeWithoutResult((status) -> {
			if (!positions.isEmpty()) {
				this.dialect.insertPositions(this.jdbc, positions);
			}
			if (!events.isEmpty()) {
				this.dialect.insertEvents(this.jdbc, events);
			}
			if (!readings.isEmpty()) {
				this.dialect.insertEtaReadings(this.jdbc, readings);
			}
		});
	}

	/**
	 * An order's ETA readings, by time, one per reading time (at-least-once may have
	 * written one twice: the first written is kept), at most {@value #MAX_READINGS}.
	 * Access to the order is the caller's to check first.
	 */
	public List<EtaReading> etaReadings(String orderId) {
		return timed("eta-readings", () -> {
			List<EtaReading> rows = this.jdbc.query(
					"SELECT read_at, estimated_arrival_at, earliest_at, latest_at, remaining_meters FROM eta_readings "
							+ "WHERE order_id = ? ORDER BY read_at, ingested_at LIMIT ?",
					(rs, n) -> new EtaReading(instant(rs, 1), instant(rs, 2), instant(rs, 3), instant(rs, 4),
							rs.getDouble(5)),
					orderId, MAX_READINGS);
			Set<Instant> seen = new HashSet<>();
			return rows.stream().filter((reading) -> seen.add(reading.readAt())).toList();
		});
	}

	/**
	 * The readings of the orders whose first {@code DELIVERED} event a batch written at
	 * {@code writtenAt} wrote (first by time, and its first copy: a redelivered batch
	 * finds the copy an earlier batch wrote and gets nothing for it), beside that
	 * arrival, each reading once, by order and time. One query; the events and readings
	 * are looked for within a day of the batch's {@code DELIVERED} times, so that
	 * Redshift's zone maps prune the scan.
	 * @param orderIds the orders a batch wrote a {@code DELIVERED} event of
	 * @param firstDelivered the earliest {@code occurred_at} of those events
	 * @param lastDelivered the latest
	 * @param writtenAt the batch's {@code ingested_at}
	 */
	public List<DeliveredReading> deliveredReadings(Collection<String> orderIds, Instant firstDelivered,
			Instant lastDelivered, Instant writtenAt) {
		if (orderIds.isEmpty()) {
			return List.of();
		}
		return timed("eta-delivered", () -> {
			String in = String.join(",", Collections.nCopies(orderIds.size(), "?"));
			Timestamp lower = Timestamp.from(firstDelivered.minus(READINGS_AROUND_ARRIVAL));
			Timestamp upper = Timestamp.from(lastDelivered.plus(READINGS_AROUND_ARRIVAL));
			List<Object> parameters = new ArrayList<>(orderIds);
			Collections.addAll(parameters, lower, Timestamp.from(lastDelivered),
					Timestamp.from(writtenAt.minusMillis(1)));
			parameters.addAll(orderIds);
			Collections.addAll(parameters, lower, upper);
			String sql = "WITH delivered AS (SELECT order_id, MIN(occurred_at) AS arrived_at FROM delivery_events "
					+ "WHERE type = 'DELIVERED' AND order_id IN (" + in + ") AND occurred_at >= ? AND occurred_at <= ? "
					+ "GROUP BY order_id), "
					+ "first_copy AS (SELECT e.order_id, d.arrived_at FROM delivery_events e JOIN delivered d "
					+ "ON e.order_id = d.order_id AND e.occurred_at = d.arrived_at WHERE e.type = 'DELIVERED' "
					+ "GROUP BY e.order_id, d.arrived_at HAVING MIN(e.ingested_at) >= ?), "
					+ "readings AS (SELECT r.order_id, r.read_at, r.estimated_arrival_at, ROW_NUMBER() OVER "
					+ "(PARTITION BY r.order_id, r.read_at ORDER BY r.ingested_at, r.estimated_arrival_at) AS copy "
					+ "FROM eta_readings r WHERE r.order_id IN (" + in + ") AND r.read_at >= ? AND r.read_at <= ?) "
					+ "SELECT f.order_id, f.arrived_at, r.read_at, r.estimated_arrival_at FROM first_copy f "
					+ "JOIN readings r ON r.order_id = f.order_id WHERE r.copy = 1 ORDER BY f.order_id, r.read_at";
			return this.jdbc.query(sql,
					(rs, n) -> new DeliveredReading(rs.getString(1), instant(rs, 2), instant(rs, 3), instant(rs, 4)),
					parameters.toArray());
		});
	}

	/**
	 * The accuracy of the ETAs of the orders delivered in [from, to) (their first
	 * {@code DELIVERED} event, as the ETA learner reads it), aggregated in one statement
	 * both dialects run: readings are de-duplicated by (order, time) and judged
	 * ({@link EtaAccuracy}) inside it, so a month of readings is never loaded here.
	 * Readings are looked for from a day before {@code from} to a day after {@code to}.
	 */
	public AccuracyReport etaAccuracy(Instant from, Instant to) {
		return timed("eta-accuracy", () -> {
			String untilSeconds = this.dialect.secondsBetween("read_at", "arrived_at");
			String errorSeconds = this.dialect.secondsBetween("estimated_arrival_at", "arrived_at");
			StringBuilder bucket = new StringBuilder("CASE");
			StringBuilder within = new StringBuilder("CASE");
			for (EtaAccuracy.Window window : EtaAccuracy.WINDOWS) {
				bucket.append(" WHEN until_s < ")
					.append(window.upToSeconds())
					.append(" THEN '")
					.append(window.until())
					.append("'");
				within.append(" WHEN until_s < ")
					.append(window.upToSeconds())
					.append(" THEN CASE WHEN error_s >= ")
					.append(-window.earlySeconds())
					.append(" AND error_s <= ")
					.append(window.lateSeconds())
					.append(" THEN 1 ELSE 0 END");
			}
			bucket.append(" ELSE '").append(EtaAccuracy.BEYOND).append("' END");
			within.append(" ELSE NULL END");
			String figures = "COUNT(*) AS readings, SUM(CASE WHEN nth = 1 THEN 1 ELSE 0 END) AS orders, "
					+ "AVG(abs_error) AS mae, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY abs_error) AS p50, "
					+ "PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY abs_error) AS p90, SUM(within) AS within_window";
			String sql = "WITH delivered AS (SELECT order_id, MIN(occurred_at) AS arrived_at FROM delivery_events "
					+ "WHERE type = 'DELIVERED' AND occurred_at >= ? AND occurred_at < ? GROUP BY order_id), "
					+ "readings AS (SELECT r.order_id, r.read_at, r.estimated_arrival_at, d.arrived_at, ROW_NUMBER() "
					+ "OVER (PARTITION BY r.order_id, r.read_at ORDER BY r.ingested_at, r.estimated_arrival_at) AS copy "
					+ "FROM eta_readings r JOIN delivered d ON r.order_id = d.order_id "
					+ "WHERE r.read_at >= ? AND r.read_at < ?), " + "errors AS (SELECT order_id, " + untilSeconds
					+ " AS until_s, " + errorSeconds + " AS error_s, "
					+ "ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY read_at) AS nth FROM readings WHERE copy = 1), "
					+ "judged AS (SELECT nth, ABS(error_s) AS abs_error, " + bucket + " AS bucket, " + within
					+ " AS within FROM errors) " + "SELECT bucket, " + figures + " FROM judged GROUP BY bucket "
					+ "UNION ALL SELECT 'all', " + figures + " FROM judged";
			Map<String, AccuracyReport.Bucket> buckets = new java.util.HashMap<>();
			long[] totals = new long[2];
			Double[] overall = new Double[3];
			this.jdbc.query(sql, (rs) -> {
				String name = rs.getString(1);
				long readings = rs.getLong(2);
				if (name.equals("all")) {
					totals[0] = readings;
					totals[1] = rs.getLong(3);
					overall[0] = nullableDouble(rs, 4);
					overall[1] = nullableDouble(rs, 5);
					overall[2] = nullableDouble(rs, 6);
				}
				else {
					long in = rs.getLong(7);
					boolean windowed = !rs.wasNull();
					buckets.put(name,
							new AccuracyReport.Bucket(name, readings, nullableDouble(rs, 4), nullableDouble(rs, 5),
									nullableDouble(rs, 6), (windowed && readings > 0) ? (double) in / readings : null));
				}
			}, Timestamp.from(from), Timestamp.from(to), Timestamp.from(from.minus(READINGS_AROUND_ARRIVAL)),
					Timestamp.from(to.plus(READINGS_AROUND_ARRIVAL)));
			List<AccuracyReport.Bucket> all = EtaAccuracy.BUCKETS.stream()
				.map((name) -> buckets.getOrDefault(name, new AccuracyReport.Bucket(name, 0, null, null, null, null)))
				.toList();
			return new AccuracyReport(from, to, totals[1], totals[0], (totals[0] > 0) ? overall[0] : null,
					(totals[0] > 0) ? overall[1] : null, (totals[0] > 0) ? overall[2] : null, all);
		});
	}

	/**
	 * An order's events, oldest first, each once; none when the order is not in the scope
	 * (its {@code CREATED} event names neither the scope's customer nor its partner). The
	 * scope is part of the query.
	 */
	public List<HistoricEvent> timeline(String orderId, OrderScope asked) {
		OrderScope scope = stored(asked);
		if (scope.isEmpty()) {
			return List.of();
		}
		return timed("timeline", () -> {
			List<Object> parameters = new ArrayList<>(List.of(orderId));
			StringBuilder sql = new StringBuilder("SELECT event_id, type, occurred_at, customer_id, partner_id, "
					+ "courier_id, location_lat, location_lon FROM delivery_events WHERE order_id = ?");
			if (!scope.everyone()) {
				List<String> owners = new ArrayList<>();
				if (scope.customerId() != null) {
					owners.add("customer_id = ?");
				}
				if (scope.partnerId() != null) {
					owners.add("partner_id = ?");
				}
				sql.append(" AND order_id IN (SELECT order_id FROM delivery_events WHERE order_id = ? "
						+ "AND type = 'CREATED' AND (")
					.append(String.join(" OR ", owners))
					.append("))");
				parameters.add(orderId);
				if (scope.customerId() != null) {
					parameters.add(scope.customerId());
				}
				if (scope.partnerId() != null) {
					parameters.add(scope.partnerId());
				}
			}
			sql.append(" ORDER BY occurred_at, kafka_partition, kafka_offset");
			List<HistoricEvent> events = this.jdbc.query(sql.toString(),
					(rs, n) -> new HistoricEvent(rs.getString(1), DeliveryStatus.valueOf(rs.getString(2)),
							instant(rs, 3), rs.getString(4), rs.getString(5), rs.getString(6), nullableDouble(rs, 7),
							nullableDouble(rs, 8)),
					parameters.toArray());
			Set<String> seen = new HashSet<>();
			return events.stream().filter((event) -> seen.add(event.eventId())).toList();
		});
	}

	/**
	 * A courier's positions in [from, to], oldest first, each once, at most {@code max}.
	 */
	public List<HistoricPosition> track(String courierId, Instant from, Instant to, int max) {
		return trail(List.of(new Leg(courierId, from, to)), max);
	}

	/**
	 * An order's trail: the positions of each leg's courier within its leg, oldest first,
	 * each once, at most {@code max}.
	 */
	public List<HistoricPosition> trail(List<Leg> legs, int max) {
		if (legs.isEmpty()) {
			return List.of();
		}
		return timed("track", () -> {
			List<HistoricPosition> rows = new ArrayList<>();
			for (int from = 0; from < legs.size() && rows.size() < max; from += LEGS_PER_QUERY) {
				List<Leg> chunk = legs.subList(from, Math.min(legs.size(), from + LEGS_PER_QUERY));
				List<Object> parameters = new ArrayList<>(chunk.size() * 3 + 1);
				for (Leg leg : chunk) {
					Collections.addAll(parameters, leg.courierId(), Timestamp.from(leg.from()),
							Timestamp.from(leg.to()));
				}
				parameters.add(max - rows.size());
				rows.addAll(this.jdbc.query(
						"SELECT " + POSITION_COLUMNS + " FROM courier_positions WHERE "
								+ String.join(" OR ",
										Collections.nCopies(chunk.size(),
												"(courier_id = ? AND recorded_at >= ? AND recorded_at <= ?)"))
								+ " ORDER BY recorded_at, kafka_partition, kafka_offset LIMIT ?",
						Warehouse::position, parameters.toArray()));
			}
			rows.sort(java.util.Comparator.comparing(HistoricPosition::recordedAt)
				.thenComparingInt(HistoricPosition::partition)
				.thenComparingLong(HistoricPosition::offset));
			return distinct(rows);
		});
	}

	/** A page of a courier's positions in [from, to), after the cursor's key. */
	public Page<HistoricPosition> positions(String courierId, Instant from, Instant to, int limit,
			@Nullable PageKey after) {
		return timed("positions", () -> {
			List<Object> parameters = new ArrayList<>(List.of(courierId, Timestamp.from(from), Timestamp.from(to)));
			String sql = "SELECT " + POSITION_COLUMNS + " FROM courier_positions WHERE courier_id = ? "
					+ "AND recorded_at >= ? AND recorded_at < ?";
			if (after != null) {
				sql += " AND " + this.dialect.after("recorded_at", "kafka_partition", "kafka_offset");
				Collections.addAll(parameters,
						this.dialect.afterParameters(Timestamp.from(after.time()), after.partition(), after.offset()));
			}
			sql += " ORDER BY recorded_at, kafka_partition, kafka_offset LIMIT ?";
			parameters.add(limit);
			List<HistoricPosition> rows = this.jdbc.query(sql, Warehouse::position, parameters.toArray());
			PageKey next = (rows.size() == limit) ? rows.get(rows.size() - 1).key() : null;
			return new Page<>(distinct(rows), next);
		});
	}

	/**
	 * A page of orders created in [from, to), with filters, after the cursor's key.
	 * Status is filtered after the page is read, so a page may hold fewer than
	 * {@code limit}.
	 */
	public Page<OrderSummary> orders(OrderFilter filter, int limit, @Nullable PageKey after) {
		return timed("orders", () -> {
			List<Object> parameters = new ArrayList<>();
			StringBuilder sql = new StringBuilder("SELECT order_id, customer_id, partner_id, occurred_at, "
					+ "kafka_partition, kafka_offset FROM delivery_events WHERE type = 'CREATED'");
			if (filter.customerId() != null) {
				String customerId = this.customers.queried(filter.customerId());
				if (customerId == null) {
					// an erased customer: a search by that id finds nothing
					return new Page<OrderSummary>(List.of(), null);
				}
				sql.append(" AND customer_id = ?");
				parameters.add(customerId);
			}
			if (filter.partnerId() != null) {
				sql.append(" AND partner_id = ?");
				parameters.add(filter.partnerId());
			}
			sql.append(" AND occurred_at >= ? AND occurred_at < ?");
			parameters.add(Timestamp.from(filter.from()));
			parameters.add(Timestamp.from(filter.to()));
			if (after != null) {
				sql.append(" AND ").append(this.dialect.after("occurred_at", "kafka_partition", "kafka_offset"));
				Collections.addAll(parameters,
						this.dialect.afterParameters(Timestamp.from(after.time()), after.partition(), after.offset()));
			}
			sql.append(" ORDER BY occurred_at, kafka_partition, kafka_offset LIMIT ?");
			parameters.add(limit);
			List<PageKey> keys = new ArrayList<>();
			Map<String, OrderSummary> created = new LinkedHashMap<>();
			this.jdbc.query(sql.toString(), (rs) -> {
				keys.add(new PageKey(instant(rs, 4), rs.getInt(5), rs.getLong(6)));
				created.putIfAbsent(rs.getString(1), new OrderSummary(rs.getString(1), DeliveryStatus.CREATED,
						rs.getString(2), rs.getString(3), instant(rs, 4), instant(rs, 4)));
			}, parameters.toArray());
			PageKey next = (keys.size() == limit) ? keys.get(keys.size() - 1) : null;
			List<OrderSummary> items = withStatus(created).stream()
				.filter((order) -> filter.status() == null || order.status() == filter.status())
				.toList();
			return new Page<>(items, next);
		});
	}

	private List<OrderSummary> withStatus(Map<String, OrderSummary> created) {
		if (created.isEmpty()) {
			return List.of();
		}
		Map<String, DeliveryStatus> status = new java.util.HashMap<>();
		Map<String, Instant> updated = new java.util.HashMap<>();
		this.jdbc.query("SELECT order_id, type, occurred_at FROM delivery_events WHERE order_id IN ("
				+ String.join(",", Collections.nCopies(created.size(), "?")) + ") ORDER BY order_id, occurred_at",
				(rs) -> {
					String orderId = rs.getString(1);
					DeliveryStatus type = DeliveryStatus.valueOf(rs.getString(2));
					DeliveryStatus current = status.getOrDefault(orderId, DeliveryStatus.CREATED);
					if (current.canMoveTo(type)) {
						status.put(orderId, type);
					}
					updated.merge(orderId, instant(rs, 3), (a, b) -> a.isAfter(b) ? a : b);
				}, created.keySet().toArray());
		return created.values()
			.stream()
			.map((order) -> new OrderSummary(order.orderId(),
					status.getOrDefault(order.orderId(), DeliveryStatus.CREATED), order.customerId(), order.partnerId(),
					order.createdAt(), updated.getOrDefault(order.orderId(), order.updatedAt())))
			.toList();
	}

	private <T> T timed(String query, java.util.function.Supplier<T> work) {
		Timer.Sample sample = Timer.start(this.meters);
		try {
			return work.get();
		}
		finally {
			sample.stop(Timer.builder("tracking.history.query")
				.description("History query time")
				.tag("query", query)
				.publishPercentileHistogram()
				.register(this.meters));
		}
	}

	private static List<HistoricPosition> distinct(List<HistoricPosition> rows) {
		Set<PageKey> seen = new HashSet<>();
		return rows.stream().filter((row) -> seen.add(row.key())).toList();
	}

	private static HistoricPosition position(ResultSet rs, int n) throws SQLException {
		return new HistoricPosition(rs.getString(1), rs.getDouble(2), rs.getDouble(3), nullableFloat(rs, 4),
				nullableFloat(rs, 5), nullableFloat(rs, 6), instant(rs, 7), rs.getInt(8), rs.getLong(9));
	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		return rs.getTimestamp(column).toInstant();
	}

	private static @Nullable Double nullableDouble(ResultSet rs, int column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable Float nullableFloat(ResultSet rs, int column) throws SQLException {
		float value = rs.getFloat(column);
		return rs.wasNull() ? null : value;
	}

	/**
	 * The scope as the warehouse stores its customer: pseudonymised when the warehouse
	 * pseudonymises, none once the customer is erased.
	 */
	private OrderScope stored(OrderScope scope) {
		if (scope.everyone() || scope.customerId() == null) {
			return scope;
		}
		return OrderScope.of(this.customers.queried(scope.customerId()), scope.partnerId());
	}

	/**
	 * Deletes one bounded batch of a table's rows older than {@code cutoff}, in its own
	 * transaction ({@link WarehouseDialect#deleteBatch}), going on from the previous
	 * batch of the same run (null for the first); answers how many rows it deleted,
	 * whether it was the last, and where the next goes on from.
	 */
	public Batch deleteBatch(Retained table, Instant cutoff, int rows, java.time.Duration window,
			@Nullable Batch previous) {
		return timed("retention", () -> this.dialect.deleteBatch(this.jdbc, table.table(), table.timeColumn(),
				Timestamp.from(cutoff), rows, window, (previous != null) ? previous.resume() : null));
	}

	/**
	 * A retention delete's outcome.
	 *
	 * @param deleted rows deleted
	 * @param last whether no row is left before the cutoff
	 * @param resume where the next batch of the run goes on from (the dialect's), if
	 * anywhere
	 */
	public record Batch(int deleted, boolean last, @Nullable String resume) {
	}

	/**
	 * The orders whose {@code CREATED} event names this customer, by id or by pseudonym.
	 */
	public List<String> ordersOf(String customerId, String pseudonym) {
		return timed("erasure",
				() -> this.jdbc.queryForList(
						"SELECT DISTINCT order_id FROM delivery_events WHERE customer_id IN (?, ?) ORDER BY order_id",
						String.class, customerId, pseudonym));
	}

	/**
	 * Erases a customer from history: every row naming the customer names its pseudonym
	 * instead, and the destinations and locations of these orders are rounded to
	 * {@link GeoPoint#COARSE_DECIMALS} decimals. Each statement may run again with the
	 * same result (an interrupted erasure is run again from its start); returns the rows
	 * renamed.
	 */
	public int erase(String customerId, String pseudonym, List<String> orderIds) {
		return timed("erasure", () -> {
			for (int from = 0; from < orderIds.size(); from += ERASED_ORDERS_PER_STATEMENT) {
				List<String> some = orderIds.subList(from,
						Math.min(orderIds.size(), from + ERASED_ORDERS_PER_STATEMENT));
				String in = String.join(",", java.util.Collections.nCopies(some.size(), "?"));
				this.jdbc.update("UPDATE delivery_events SET destination_lat = " + coarse("destination_lat")
						+ ", destination_lon = " + coarse("destination_lon") + ", location_lat = "
						+ coarse("location_lat") + ", location_lon = " + coarse("location_lon") + " WHERE order_id IN ("
						+ in + ")", some.toArray());
			}
			return this.jdbc.update("UPDATE delivery_events SET customer_id = ? WHERE customer_id = ?", pseudonym,
					customerId);
		});
	}

	private static final int ERASED_ORDERS_PER_STATEMENT = 500;

	/**
	 * A coordinate column rounded as {@link GeoPoint#coarse}, in SQL both dialects run.
	 */
	private static String coarse(String column) {
		return "CAST(ROUND(CAST(" + column + " AS NUMERIC(12,6)), " + GeoPoint.COARSE_DECIMALS
				+ ") AS DOUBLE PRECISION)";
	}

	/** The history tables retention deletes from, each by its time column. */
	public enum Retained {

		/** Courier positions: personal data of the courier. */
		POSITIONS("courier_positions", "recorded_at"),
		/** Delivery events: the customer's orders. */
		EVENTS("delivery_events", "occurred_at"),
		/** The ETA readings of the orders, kept as long as their events. */
		ETA_READINGS("eta_readings", "read_at");

		private final String table;

		private final String timeColumn;

		Retained(String table, String timeColumn) {
			this.table = table;
			this.timeColumn = timeColumn;
		}

		public String table() {
			return this.table;
		}

		public String timeColumn() {
			return this.timeColumn;
		}

	}

}
