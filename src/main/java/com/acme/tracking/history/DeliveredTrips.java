package com.acme.tracking.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * arrival, one per order, courier and minute (the first of the minute), chosen in the
 * warehouse by a window function: a fix every few seconds would only repeat itself. A
 * position is kept only if its courier carried the order at that moment.
 * </ol>
 * Duplicates that at-least-once delivery leaves change nothing: a duplicate event names
 * the courier already carrying, and positions are sampled per minute. An order delivered
 * between the two reads is not in the first and is skipped in the second.
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

	static final String FIXES = "WITH " + DELIVERED + ", "
			+ "ev AS (SELECT e.order_id, e.type, e.occurred_at, e.courier_id FROM delivery_events e "
			+ "JOIN delivered d ON d.order_id = e.order_id), " + "span AS (SELECT order_id, "
			+ "MIN(CASE WHEN type IN ('PICKED_UP', 'OUT_FOR_DELIVERY') THEN occurred_at END) AS picked_up_at, "
			+ "MIN(CASE WHEN type = 'DELIVERED' THEN occurred_at END) AS delivered_at FROM ev GROUP BY order_id), "
			+ "carriers AS (SELECT DISTINCT order_id, courier_id FROM ev WHERE courier_id IS NOT NULL "
			+ "AND type IN ('COURIER_ASSIGNED', 'PICKED_UP', 'OUT_FOR_DELIVERY')), "
			+ "fixes AS (SELECT c.order_id, p.courier_id, p.lat, p.lon, p.recorded_at, "
			+ "ROW_NUMBER() OVER (PARTITION BY c.order_id, p.courier_id, DATE_TRUNC('minute', p.recorded_at) "
			+ "ORDER BY p.recorded_at) AS n " + "FROM carriers c JOIN span s ON s.order_id = c.order_id "
			+ "JOIN courier_positions p ON p.courier_id = c.courier_id "
			+ "AND p.recorded_at >= s.picked_up_at AND p.recorded_at <= s.delivered_at) "
			+ "SELECT order_id, courier_id, lat, lon, recorded_at FROM fixes WHERE n = 1";

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
		Object[] window = { Timestamp.from(from), Timestamp.from(to), maxOrders };
		this.transactions.executeWithoutResult((status) -> {
			Map<String, Trip> trips = new HashMap<>();
			Timeline timeline = new Timeline();
			this.jdbc.query(EVENTS, (ResultSet rs) -> {
				String orderId = rs.getString(1);
				if (!orderId.equals(timeline.orderId)) {
					timeline.finish(trips, into);
					timeline.orderId = orderId;
				}
				timeline.add(rs);
			}, window);
			timeline.finish(trips, into);
			this.jdbc.query(FIXES, (ResultSet rs) -> {
				Trip trip = trips.get(rs.getString(1));
				if (trip == null) {
					return;
				}
				String courierId = rs.getString(2);
				Instant at = rs.getTimestamp(5).toInstant();
				for (Leg leg : trip.legs()) {
					if (leg.holds(courierId, at)) {
						into.fix(trip.number(), rs.getDouble(3), rs.getDouble(4), at);
						break;
					}
				}
			}, window);
		});
	}

	/** A delivered order as the second read needs it. */
	private record Trip(int number, List<Leg> legs) {
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

		void finish(Map<String, Trip> trips, EtaModel.Builder into) {
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
				List<Leg> legs = Leg.carried(this.events, pickedUpAt, deliveredAt);
				if (!legs.isEmpty()) {
					trips.put(this.orderId, new Trip(into.trip(this.destination, deliveredAt), legs));
				}
			}
			this.events.clear();
			this.destination = null;
			this.orderId = null;
		}

	}

}
