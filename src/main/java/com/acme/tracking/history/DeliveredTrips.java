package com.acme.tracking.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.acme.tracking.delivery.DeliveryStatus;
import com.acme.tracking.delivery.EtaModel;
import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivered trips from the warehouse, for the ETA to learn from, in SQL that PostgreSQL
 * and Redshift both run (common table expressions, {@code ROW_NUMBER()},
 * {@code DATE_TRUNC}; no {@code DISTINCT ON}, no {@code LATERAL}). Two reads in one
 * read-only transaction (a cursor on PostgreSQL), both streamed ({@value #FETCH_SIZE}
 * rows a fetch) so that a large history never sits in memory as rows:
 *
 * <ol>
 * <li>the events of the most recently delivered orders: destination, pickup, arrival (the
 * first {@code DELIVERED}) and who carried the order when ({@link Leg#carried}, the rule
 * of the order history's trail);
 * <li>the positions of the couriers named by those orders between the pickup and the
 * arrival (at most {@value #TRIP_HOURS} hours), one per order, courier and minute (the
 * first of the minute), chosen in the warehouse by a window function: a fix every few
 * seconds would only repeat itself. A position is kept only if its courier carried the
 * order at that moment.
 * </ol>
 * Duplicates that at-least-once delivery leaves change nothing: a duplicate event names
 * the courier already carrying, and positions are sampled per minute.
 */
@Component
class DeliveredTrips implements TripHistory {

	/** The learner's reads scan weeks of positions: far longer than a support query. */
	static final Duration QUERY_TIMEOUT = Duration.ofMinutes(10);

	static final int FETCH_SIZE = 10_000;

	private static final String DELIVERED = "delivered AS (SELECT order_id, MIN(occurred_at) AS delivered_at "
			+ "FROM delivery_events WHERE type = 'DELIVERED' AND occurred_at >= ? AND occurred_at < ? "
			+ "GROUP BY order_id ORDER BY delivered_at DESC LIMIT ?)";

	static final String EVENTS = "WITH " + DELIVERED
			+ " SELECT e.order_id, e.type, e.occurred_at, e.courier_id, e.destination_lat, e.destination_lon "
			+ "FROM delivery_events e JOIN delivered d ON d.order_id = e.order_id "
			+ "ORDER BY e.order_id, e.occurred_at, e.kafka_partition, e.kafka_offset";

	/**
	 * Legs whose positions one statement reads: a derived table of this many rows (four
	 * parameters each, far below the drivers' limits) that the warehouse joins on the
	 * courier and the leg's time range. Known sizes keep the plan right: PostgreSQL reads
	 * each leg through the (courier, time) index, Redshift prunes to the chunk's time
	 * range by the sort key; one statement over all legs let PostgreSQL hash the
	 * positions by courier alone and compare 300 million pairs for 100,000 orders.
	 */
	static final int LEGS_PER_QUERY = 500;

	private static final String LEG_ROW = "SELECT CAST(? AS VARCHAR(128)) AS order_id, "
			+ "CAST(? AS VARCHAR(128)) AS courier_id, CAST(? AS TIMESTAMPTZ) AS leg_from, "
			+ "CAST(? AS TIMESTAMPTZ) AS leg_to";

	/** The positions of {@code legs} legs, one per order and minute (the first). */
	static String fixes(int legs) {
		return "SELECT order_id, lat, lon, recorded_at FROM (SELECT l.order_id, p.lat, p.lon, p.recorded_at, "
				+ "ROW_NUMBER() OVER (PARTITION BY l.order_id, DATE_TRUNC('minute', p.recorded_at) "
				+ "ORDER BY p.recorded_at) AS n FROM (" + String.join(" UNION ALL ", Collections.nCopies(legs, LEG_ROW))
				+ ") l JOIN courier_positions p ON p.courier_id = l.courier_id "
				+ "AND p.recorded_at >= l.leg_from AND p.recorded_at <= l.leg_to "
				+ "WHERE p.recorded_at >= ? AND p.recorded_at <= ?) f WHERE n = 1";
	}

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	DeliveredTrips(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = new JdbcTemplate(jdbc.getDataSource());
		this.jdbc.setFetchSize(FETCH_SIZE);
		this.jdbc.setQueryTimeout((int) QUERY_TIMEOUT.toSeconds());
		this.transactions = new TransactionTemplate(transactions);
		this.transactions.setReadOnly(true);
	}

	@Override
	public void read(Instant from, Instant to, int maxOrders, EtaModel.Builder into) {
		this.transactions.executeWithoutResult((status) -> {
			List<OrderLeg> legs = new ArrayList<>();
			Timeline timeline = new Timeline();
			this.jdbc.query(EVENTS, (ResultSet rs) -> {
				String orderId = rs.getString(1);
				if (!orderId.equals(timeline.orderId)) {
					timeline.finish(legs, into);
					timeline.orderId = orderId;
				}
				timeline.add(rs);
			}, Timestamp.from(from), Timestamp.from(to), maxOrders);
			timeline.finish(legs, into);
			legs.sort(Comparator.comparing((OrderLeg leg) -> leg.leg().from()));
			Map<String, Integer> numbers = new HashMap<>();
			legs.forEach((leg) -> numbers.put(leg.orderId(), leg.trip()));
			for (int start = 0; start < legs.size(); start += LEGS_PER_QUERY) {
				List<OrderLeg> chunk = legs.subList(start, Math.min(legs.size(), start + LEGS_PER_QUERY));
				List<Object> parameters = new ArrayList<>(chunk.size() * 4 + 2);
				Instant earliest = chunk.get(0).leg().from();
				Instant latest = earliest;
				for (OrderLeg leg : chunk) {
					Collections.addAll(parameters, leg.orderId(), leg.leg().courierId(),
							Timestamp.from(leg.leg().from()), Timestamp.from(leg.leg().to()));
					latest = leg.leg().to().isAfter(latest) ? leg.leg().to() : latest;
				}
				parameters.add(Timestamp.from(earliest));
				parameters.add(Timestamp.from(latest));
				this.jdbc.query(fixes(chunk.size()), (ResultSet rs) -> {
					Integer trip = numbers.get(rs.getString(1));
					if (trip != null) {
						into.fix(trip, rs.getDouble(2), rs.getDouble(3), rs.getTimestamp(4).toInstant());
					}
				}, parameters.toArray());
			}
		});
	}

	/** A leg of a delivered order, with the order's trip number in the builder. */
	private record OrderLeg(String orderId, int trip, Leg leg) {
	}

	/** One order's events while they are read. */
	private static final class Timeline {

		@Nullable String orderId;

		final List<HistoricEvent> events = new ArrayList<>();

		@Nullable GeoPoint destination;

		void add(ResultSet rs) throws SQLException {
			DeliveryStatus type = DeliveryStatus.valueOf(rs.getString(2));
			this.events.add(new HistoricEvent("", type, rs.getTimestamp(3).toInstant(), null, null, rs.getString(4),
					null, null));
			double lat = rs.getDouble(5);
			if (!rs.wasNull() && this.destination == null) {
				double lon = rs.getDouble(6);
				if (!rs.wasNull() && GeoPoint.isValid(lat, lon)) {
					this.destination = new GeoPoint(lat, lon);
				}
			}
		}

		void finish(List<OrderLeg> legs, EtaModel.Builder into) {
			Instant pickedUpAt = null;
			Instant deliveredAt = null;
			for (HistoricEvent event : this.events) {
				if (event.type().inTransit() && pickedUpAt == null) {
					pickedUpAt = event.occurredAt();
				}
				if (event.type() == DeliveryStatus.DELIVERED && deliveredAt == null) {
					deliveredAt = event.occurredAt();
				}
			}
			if (this.orderId != null && this.destination != null && pickedUpAt != null && deliveredAt != null
					&& !deliveredAt.isBefore(pickedUpAt)) {
				List<Leg> carried = Leg.carried(this.events, pickedUpAt, deliveredAt);
				if (!carried.isEmpty()) {
					int trip = into.trip(this.destination, deliveredAt);
					for (Leg leg : carried) {
						legs.add(new OrderLeg(this.orderId, trip, leg));
					}
				}
			}
			this.events.clear();
			this.destination = null;
			this.orderId = null;
		}

	}

}
