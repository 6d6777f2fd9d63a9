package com.acme.tracking.history.writer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.acme.tracking.courier.Position;
import com.acme.tracking.courier.ingest.CourierPositionMapper;
import com.acme.tracking.delivery.DeliveryEventReceived;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.DeliveryStatus;
import com.acme.tracking.delivery.ingest.DeliveryEventMapper;
import com.acme.tracking.history.EtaReadingRow;
import com.acme.tracking.history.EventRow;
import com.acme.tracking.history.PositionRow;
import com.acme.tracking.history.Warehouse;
import com.acme.tracking.shared.GeoPoint;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.RejectedRecord;
import com.acme.tracking.shared.CustomerIds;
import com.acme.tracking.shared.kafka.DeadLetters;
import com.acme.tracking.shared.kafka.Records;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * Writes every position and delivery event to the warehouse, late, duplicate and
 * out-of-order ones included, a batch per transaction. Offsets are committed only after
 * the transaction commits (at-least-once: a redelivered batch is written again, and reads
 * drop the duplicates). A record the live ingest rejects is not written (the same mappers
 * judge it here, and the live ingest dead-letters it). A valid record the warehouse
 * refuses is found by splitting its batch and dead-lettered here; the rest is written.
 *
 * <p>
 * With the positions it writes the ETA readings they give ({@link EtaReadings}), in the
 * same transaction; a reading the warehouse refuses is dropped and its position written.
 * After a batch that wrote orders' first {@code DELIVERED} events commits, their
 * readings' errors are measured ({@link EtaErrors}).
 */
class HistoryWriter {

	private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);

	private final Warehouse warehouse;

	private final CourierPositionMapper positions;

	private final DeliveryEventMapper events;

	private final Clock clock;

	private final DistributionSummary batchSize;

	private final Timer lag;

	private final Counter skipped;

	private final DeadLetters deadLetters;

	private final EtaReadings readings;

	private final EtaErrors errors;

	/** Whether the last measurement of delivered orders failed (logged once). */
	private volatile boolean measuringFailed;

	private final CustomerIds customers;

	private final DeliveryStates deliveries;

	HistoryWriter(Warehouse warehouse, CourierPositionMapper positions, DeliveryEventMapper events,
			CustomerIds customers, Clock clock, DeadLetters deadLetters, DeliveryStates deliveries,
			EtaReadings readings, MeterRegistry meters) {
		this.warehouse = warehouse;
		this.customers = customers;
		this.deliveries = deliveries;
		this.readings = readings;
		this.errors = new EtaErrors(meters);
		this.deadLetters = deadLetters;
		this.positions = positions;
		this.events = events;
		this.clock = clock;
		this.batchSize = DistributionSummary.builder("tracking.history.writer.batch.size")
			.description("Records per warehouse transaction")
			.register(meters);
		this.lag = Timer.builder("tracking.history.writer.lag")
			.description("From a record's Kafka timestamp to its warehouse commit")
			.register(meters);
		this.skipped = Counter.builder("tracking.history.writer.skipped")
			.description("Records not written because they are invalid (dead-lettered by the live ingest)")
			.register(meters);
	}

	@KafkaListener(id = "history-writer", topics = { Topics.COURIER_POSITIONS, Topics.DELIVERY_EVENTS },
			groupId = "${tracking.history.writer.group:tracking-history}", containerFactory = "historyListenerFactory",
			batch = "true")
	void write(List<ConsumerRecord<String, byte[]>> records) {
		Timestamp now = Timestamp.from(this.clock.instant());
		List<Pending> rows = new ArrayList<>(records.size());
		EtaReadings.Batch batch = this.readings.batch();
		long oldest = Long.MAX_VALUE;
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				if (record.value() == null) {
					throw new RejectedRecord("empty value");
				}
				if (record.topic().equals(Topics.COURIER_POSITIONS)) {
					Position position = this.positions.map(record.value(), Records.contentType(record),
							Records.producedAt(record, now.toInstant()));
					rows.add(new Pending(record, row(position, record, now), null, readings(batch, position, now)));
				}
				else {
					rows.add(new Pending(record, null, row(this.events.map(record.value(), Records.contentType(record),
							Records.producedAt(record, now.toInstant())), record, now), List.of()));
				}
				oldest = Math.min(oldest, record.timestamp());
			}
			catch (RejectedRecord ex) {
				this.skipped.increment();
			}
		}
		writeSplitting(rows);
		batch.written();
		measureDelivered(rows, now);
		this.batchSize.record(records.size());
		if (oldest != Long.MAX_VALUE) {
			this.lag.record(Duration.ofMillis(Math.max(0, this.clock.millis() - oldest)));
		}
	}

	/**
	 * Writes the rows in one transaction. When the warehouse refuses them for what they
	 * hold (not for being unreachable), splits them in halves, each its own transaction,
	 * down to the single rows it refuses: those are dead-lettered with the warehouse's
	 * reason and the rest is written, so one bad row costs about 2·log2(batch)
	 * transactions instead of stopping history. A transient failure, here or in a half,
	 * is thrown: the error handler retries the whole batch with back-off, without end
	 * (halves already written are written again, and reads drop the duplicates).
	 */
	private void writeSplitting(List<Pending> rows) {
		if (rows.isEmpty()) {
			return;
		}
		try {
			this.warehouse.write(rows.stream().map(Pending::position).filter(Objects::nonNull).toList(),
					rows.stream().map(Pending::event).filter(Objects::nonNull).toList(),
					rows.stream().flatMap((row) -> row.readings().stream()).toList());
		}
		catch (RuntimeException ex) {
			String refusal = WarehouseRefusal.reason(ex);
			if (refusal == null) {
				throw ex;
			}
			if (rows.size() == 1) {
				Pending only = rows.get(0);
				if (!only.readings().isEmpty()) {
					// the position without its ETA readings: a refused reading costs no
					// position
					log.warn("ETA readings of a position not kept: {}", refusal);
					writeSplitting(List.of(only.withoutReadings()));
					return;
				}
				this.deadLetters.refused(only.record(), refusal);
				return;
			}
			int half = rows.size() / 2;
			writeSplitting(rows.subList(0, half));
			writeSplitting(rows.subList(half, rows.size()));
		}
	}

	/**
	 * The ETA readings a position gives ({@link EtaReadings}); none when taking them
	 * fails, which must not hold up history.
	 */
	private List<EtaReadingRow> readings(EtaReadings.Batch batch, Position position, Timestamp now) {
		try {
			return batch.of(position, now);
		}
		catch (RuntimeException ex) {
			log.warn("No ETA reading from a position: {}", ex.toString());
			return List.of();
		}
	}

	/**
	 * After the commit: the ETA errors of the orders whose first {@code DELIVERED} event
	 * this batch wrote, from their readings in the warehouse (one query). A failure here
	 * costs those orders' measurements, never the batch (already committed): it is logged
	 * once until a measurement succeeds again.
	 */
	private void measureDelivered(List<Pending> rows, Timestamp now) {
		Set<String> orders = new LinkedHashSet<>();
		Instant first = null;
		Instant last = null;
		for (Pending row : rows) {
			EventRow event = row.event();
			if (event != null && event.type().equals(DeliveryStatus.DELIVERED.name())) {
				orders.add(event.orderId());
				Instant at = event.occurredAt().toInstant();
				first = (first == null || at.isBefore(first)) ? at : first;
				last = (last == null || at.isAfter(last)) ? at : last;
			}
		}
		if (first == null || last == null) {
			return;
		}
		try {
			this.errors.record(this.warehouse.deliveredReadings(orders, first, last, now.toInstant()));
			if (this.measuringFailed) {
				this.measuringFailed = false;
				log.info("ETA errors of delivered orders measured again");
			}
		}
		catch (RuntimeException ex) {
			if (!this.measuringFailed) {
				this.measuringFailed = true;
				log.warn("ETA errors of delivered orders not measured: {}", ex.toString());
			}
		}
	}

	/**
	 * A record, the row it becomes (a position or an event) and the ETA readings it
	 * gives.
	 */
	private record Pending(ConsumerRecord<String, byte[]> record, @Nullable PositionRow position,
			@Nullable EventRow event, List<EtaReadingRow> readings) {

		Pending withoutReadings() {
			return new Pending(this.record, this.position, this.event, List.of());
		}

	}

	private static PositionRow row(Position position, ConsumerRecord<?, ?> record, Timestamp now) {
		return new PositionRow(position.courierId(), position.point().lat(), position.point().lon(),
				position.accuracyMeters(), position.speedMetersPerSecond(), position.headingDegrees(),
				Timestamp.from(position.recordedAt()), now, record.partition(), record.offset());
	}

	/**
	 * The row of an event: the customer as the warehouse stores it ({@link CustomerIds}),
	 * and for an erased customer's order (the event names the customer's pseudonym, or
	 * the hot state does) the destination and location coarsened as erasure coarsens
	 * them.
	 */
	private EventRow row(DeliveryEventReceived event, ConsumerRecord<?, ?> record, Timestamp now) {
		boolean erased = CustomerIds.isPseudonym(event.customerId()) || this.deliveries.find(event.orderId())
			.map((delivery) -> CustomerIds.isPseudonym(delivery.customerId()))
			.orElse(false);
		GeoPoint destination = erased ? GeoPoint.coarse(event.destination()) : event.destination();
		GeoPoint location = erased ? GeoPoint.coarse(event.location()) : event.location();
		return new EventRow(event.eventId(), event.orderId(), event.type().name(), Timestamp.from(event.occurredAt()),
				this.customers.stored(event.customerId()), event.partnerId(), lat(destination), lon(destination),
				event.courierId(), lat(location), lon(location), now, record.partition(), record.offset());
	}

	private static @Nullable Double lat(@Nullable GeoPoint point) {
		return (point != null) ? point.lat() : null;
	}

	private static @Nullable Double lon(@Nullable GeoPoint point) {
		return (point != null) ? point.lon() : null;
	}

}
