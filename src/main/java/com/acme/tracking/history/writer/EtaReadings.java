package com.acme.tracking.history.writer;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.acme.tracking.courier.LivePosition;
import com.acme.tracking.courier.Position;
import com.acme.tracking.delivery.Delivery;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.Eta;
import com.acme.tracking.delivery.EtaEstimate;
import com.acme.tracking.history.EtaReadingRow;
import com.acme.tracking.shared.GeoPoint;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The ETA given at each minute of a delivery, taken by the history writer from the
 * positions it writes: for each position of a courier, each order the hot state has that
 * courier carry (in transit, not yet arrived, with a destination, the fix after the
 * pickup) gets a reading when at least {@link #INTERVAL} of position time has passed
 * since that order's last one, the first at the first such fix. The estimate is
 * {@link Eta#estimate(Delivery, LivePosition)} from that fix. The writer handles each
 * position record once for the fleet (one owner per partition), so each reading is taken
 * once, bar redeliveries (which reads drop by order and time).
 *
 * <p>
 * Memory is bounded: the time of each order's last reading, for at most
 * {@value #MAX_ORDERS} orders (about 150 bytes each with Caffeine's entry: some 15 MB at
 * most), each forgotten {@link #FORGET_AFTER} after it was written; an order forgotten or
 * never seen here (a partition that moved from another replica, a restart) gets its next
 * reading at its next fix. A batch's readings become its orders' last readings only once
 * the batch is written ({@link Batch#written}), so that a batch retried after a failed
 * transaction takes the same readings again.
 */
final class EtaReadings {

	/** Position time between two readings of an order. */
	static final Duration INTERVAL = Duration.ofSeconds(60);

	/** Orders whose last reading is remembered at most. */
	static final int MAX_ORDERS = 100_000;

	/** An order's last reading is forgotten this long after it was taken. */
	static final Duration FORGET_AFTER = Duration.ofHours(1);

	private final DeliveryStates deliveries;

	private final Eta eta;

	private final Cache<String, Instant> lastReadings = Caffeine.newBuilder()
		.maximumSize(MAX_ORDERS)
		.expireAfterWrite(FORGET_AFTER)
		.build();

	EtaReadings(DeliveryStates deliveries, Eta eta) {
		this.deliveries = deliveries;
		this.eta = eta;
	}

	/** The readings of one batch. */
	Batch batch() {
		return new Batch();
	}

	/** Orders whose last reading is remembered now, for tests. */
	long remembered() {
		this.lastReadings.cleanUp();
		return this.lastReadings.estimatedSize();
	}

	/** The readings one batch takes, remembered once it is written. */
	final class Batch {

		private final Map<String, Instant> taken = new HashMap<>();

		/** The readings this position gives, none for most. */
		List<EtaReadingRow> of(Position position, Timestamp ingestedAt) {
			List<Delivery> carried = EtaReadings.this.deliveries.ofCourier(position.courierId());
			if (carried.isEmpty()) {
				return List.of();
			}
			List<EtaReadingRow> rows = new ArrayList<>(1);
			Instant at = position.recordedAt();
			for (Delivery delivery : carried) {
				GeoPoint destination = delivery.destination();
				if (destination == null || delivery.ended() || delivery.arrivedAt() != null
						|| !delivery.carries(position)) {
					continue;
				}
				String orderId = delivery.orderId();
				Instant last = this.taken.get(orderId);
				if (last == null) {
					last = EtaReadings.this.lastReadings.getIfPresent(orderId);
				}
				if (last != null && Duration.between(last, at).compareTo(INTERVAL) < 0) {
					continue;
				}
				EtaEstimate estimate = EtaReadings.this.eta.estimate(delivery, LivePosition.of(position));
				if (estimate == null) {
					continue;
				}
				this.taken.put(orderId, at);
				rows.add(new EtaReadingRow(orderId, Timestamp.from(at), Timestamp.from(estimate.estimatedArrivalAt()),
						Timestamp.from(estimate.earliest()), Timestamp.from(estimate.latest()),
						position.point().distanceTo(destination), ingestedAt));
			}
			return rows;
		}

		/** The batch is written: its readings are its orders' last ones. */
		void written() {
			EtaReadings.this.lastReadings.putAll(this.taken);
		}

	}

}
