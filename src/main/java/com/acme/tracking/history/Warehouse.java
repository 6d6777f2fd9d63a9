package com.acme.tracking.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.acme.tracking.delivery.DeliveryStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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

	/** Legs of a trail read by one statement (a reassigned order has a few). */
	private static final int LEGS_PER_QUERY = 100;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final WarehouseDialect dialect;

	private final MeterRegistry meters;

	Warehouse(JdbcTemplate jdbc, TransactionTemplate transactions, WarehouseDialect dialect, HistorySettings settings,
			MeterRegistry meters) {
		this.jdbc = new JdbcTemplate(jdbc.getDataSource());
		this.jdbc.setQueryTimeout((int) Math.max(1, settings.queryTimeout().toSeconds()));
		this.transactions = transactions;
		this.dialect = dialect;
		this.meters = meters;
	}

	/** Writes one batch in one transaction. */
	public void write(List<PositionRow> positions, List<EventRow> events) {
		if (positions.isEmpty() && events.isEmpty()) {
			return;
		}
		this.transactions.executeWithoutResult((status) -> {
			if (!positions.isEmpty()) {
				this.dialect.insertPositions(this.jdbc, positions);
			}
			if (!events.isEmpty()) {
				this.dialect.insertEvents(this.jdbc, events);
			}
		});
	}

	/**
	 * An order's events, oldest first, each once; none when the order is not in the scope
	 * (its {@code CREATED} event names neither the scope's customer nor its partner). The
	 * scope is part of the query.
	 */
	public List<HistoricEvent> timeline(String orderId, OrderScope scope) {
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
				sql.append(" AND customer_id = ?");
				parameters.add(filter.customerId());
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

}
