package com.acme.tracking.history;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.ingest.DeliveryEvent;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.AvroCodec;
import com.acme.tracking.shared.kafka.DeadLetterTopic;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, item 1: one record must never stop history. Records outside the input bounds
 * are dead-lettered by the one validation the live ingest and the history writer share; a
 * valid record the warehouse itself refuses (here: a CHECK constraint of the real
 * embedded PostgreSQL) is found by splitting its batch, dead-lettered with the SQL
 * reason, and its neighbours and successors are written.
 */
@TrackingIntegrationTest
class RefusedRecordsTests {

	private static final AvroCodec<CourierPosition> POSITIONS = AvroCodec.of(CourierPosition.class);

	private static final AvroCodec<DeliveryEvent> EVENTS = AvroCodec.of(DeliveryEvent.class);

	private static final String REFUSED_PREFIX = "refused-by-warehouse-";

	private static final String CONSTRAINT = "refuse_for_test";

	private static final int PARTITION = 0;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CourierPositions couriers;

	@Autowired
	DeliveryStates deliveries;

	@Autowired
	MeterRegistry meters;

	/**
	 * A position valid for the service (the live path applies it) that the warehouse
	 * refuses, between 20 good positions before and 20 after in one batch of one
	 * partition: the refused one is dead-lettered with the warehouse's reason, the 40
	 * others are written once each, and a later record on the same partition reaches
	 * history.
	 */
	@Test
	void aRecordTheWarehouseRefusesIsDeadLetteredWithItsReasonAndTheRestOfItsBatchIsWritten() {
		String refused = REFUSED_PREFIX + UUID.randomUUID();
		String neighbour = Api.id("courier-neighbour");
		String later = Api.id("courier-later");
		double refusedBefore = deadLetters(Topics.COURIER_POSITIONS, "refused");
		this.jdbc.execute("ALTER TABLE courier_positions ADD CONSTRAINT " + CONSTRAINT + " CHECK (courier_id NOT LIKE '"
				+ REFUSED_PREFIX + "%') NOT VALID");
		try {
			Instant t0 = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
			for (int i = 0; i < 20; i++) {
				send(neighbour, 10 + i * 1e-4, t0.plusMillis(i));
			}
			send(refused, 10, t0.plusMillis(20));
			long afterSent = System.nanoTime();
			for (int i = 20; i < 40; i++) {
				send(neighbour, 10 + i * 1e-4, t0.plusMillis(i + 1));
			}
			this.kafka.flush();

			await().pollInterval(Duration.ofMillis(10)).until(() -> rows(neighbour) >= 40);
			long afterMillis = (System.nanoTime() - afterSent) / 1_000_000;
			Map<String, List<String>> reasons = DeadLetterTopic.reasons(this.kafkaConnection, List.of(refused),
					Duration.ofSeconds(30), Duration.ofSeconds(2));
			assertThat(reasons.get(refused)).singleElement()
				.asString()
				.startsWith("refused by the warehouse: SQLState 23514: ")
				.contains("violates check constraint \"" + CONSTRAINT + "\"")
				.as("no values of the row in the reason")
				.doesNotContain("Failing row")
				.doesNotContain(refused);
			assertThat(rows(neighbour)).as("the neighbours, each once").isEqualTo(40);
			assertThat(rows(refused)).isZero();
			assertThat(this.couriers.find(refused)).as("valid for the live path").isPresent();
			assertThat(deadLetters(Topics.COURIER_POSITIONS, "refused") - refusedBefore).isEqualTo(1);

			long laterSent = System.nanoTime();
			send(later, 11, Instant.now());
			await().pollInterval(Duration.ofMillis(10)).until(() -> rows(later) == 1);
			long laterMillis = (System.nanoTime() - laterSent) / 1_000_000;
			System.out.printf(
					"Issue 14 item 1: the 20 records after a refused one were in history %d ms after they "
							+ "were produced; a later record on the same partition %d ms after%n",
					afterMillis, laterMillis);
		}
		finally {
			this.jdbc.execute("ALTER TABLE courier_positions DROP CONSTRAINT IF EXISTS " + CONSTRAINT);
		}
	}

	/**
	 * The records of the issue (a courier id of 300 characters, a NUL in an id, an event
	 * at year -283,000) are dead-lettered by validation with its reason; neither the live
	 * state nor history holds them, the history writer did not have to find them by
	 * splitting (no warehouse refusal), and later records on the same partitions reach
	 * both.
	 */
	@Test
	void recordsOutsideTheInputBoundsAreDeadLetteredByValidationAndHistoryGoesOn() {
		String longCourier = "courier-" + "x".repeat(292);
		String nulCourierPrefix = Api.id("courier-nul");
		String nulCourier = nulCourierPrefix + "\u0000";
		String nulOrder = Api.id("order") + "\u0000x";
		String ancientOrder = Api.id("order");
		String laterCourier = Api.id("courier-later");
		String laterOrder = Api.id("order-later");
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		send(longCourier, 10, now);
		send(nulCourier, 10, now);
		DeliveryEvent nul = Api.createdEvent(nulOrder);
		DeliveryEvent ancient = Api.createdEvent(ancientOrder);
		ancient.setOccurredAt(Instant.ofEpochMilli(-9_000_000_000_000_000L));
		DeliveryEvent laterEvent = Api.createdEvent(laterOrder);
		sendEvent(nul);
		sendEvent(ancient);
		send(laterCourier, 11, now);
		sendEvent(laterEvent);
		this.kafka.flush();

		await()
			.until(() -> this.couriers.find(laterCourier).isPresent() && this.deliveries.find(laterOrder).isPresent());
		await().until(() -> rows(laterCourier) == 1 && events(laterEvent.getEventId()) == 1);

		Map<String, List<String>> reasons = DeadLetterTopic.reasons(this.kafkaConnection,
				List.of(longCourier, nulCourier, nulOrder, ancientOrder), Duration.ofSeconds(30),
				Duration.ofSeconds(2));
		assertThat(reasons.get(longCourier)).isNotEmpty()
			.containsOnly("'courierId' is longer than 128 characters (300)");
		assertThat(reasons.get(nulCourier)).isNotEmpty()
			.containsOnly("'courierId' contains a control character at index " + nulCourierPrefix.length());
		assertThat(reasons.get(nulOrder)).isNotEmpty()
			.containsOnly("'orderId' contains a control character at index " + nulOrder.indexOf('\u0000'));
		assertThat(reasons.get(ancientOrder)).isNotEmpty()
			.allSatisfy((reason) -> assertThat(reason).startsWith("'occurredAt' is before 2000-01-01T00:00:00Z"));

		assertThat(this.couriers.find(longCourier)).isEmpty();
		assertThat(this.couriers.find(nulCourier)).isEmpty();
		assertThat(this.deliveries.find(nulOrder)).isEmpty();
		assertThat(this.deliveries.find(ancientOrder)).isEmpty();
		assertThat(rows(longCourier)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM courier_positions WHERE courier_id LIKE ?",
				Long.class, nulCourierPrefix + "%"))
			.isZero();
		assertThat(events(nul.getEventId()) + events(ancient.getEventId())).isZero();
	}

	/**
	 * A record whose string length prefix claims 2 GB (Avro's limits are set): dead-
	 * lettered as malformed, and the consumers go on. {@code AvroCodecTests} shows it
	 * costs no 2 GB allocation.
	 */
	@Test
	void aRecordClaimingATwoGigabyteStringIsDeadLetteredAndTheConsumersGoOn() {
		String claim = Api.id("claims-2gb");
		String laterCourier = Api.id("courier-later");
		this.kafka.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, PARTITION, claim, claimingTwoGigabytes()));
		send(laterCourier, 12, Instant.now());
		this.kafka.flush();

		await().until(() -> this.couriers.find(laterCourier).isPresent() && rows(laterCourier) == 1);
		assertThat(DeadLetterTopic.reasons(this.kafkaConnection, List.of(claim), Duration.ofSeconds(30),
				Duration.ofSeconds(1)))
			.containsEntry(claim, List.of("malformed Avro body for CourierPosition"));
	}

	/**
	 * A position in single-object encoding (the current schema's header) whose first
	 * field, the courier id, claims 2,000,000,000 bytes that are not there.
	 */
	static byte[] claimingTwoGigabytes() {
		byte[] valid = POSITIONS.encode(CourierPosition.newBuilder()
			.setCourierId("c")
			.setLat(1)
			.setLon(2)
			.setRecordedAt(Instant.now())
			.build());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(valid, 0, 10);
		long zigzag = 2_000_000_000L << 1;
		while ((zigzag & ~0x7FL) != 0) {
			out.write((int) ((zigzag & 0x7F) | 0x80));
			zigzag >>>= 7;
		}
		out.write((int) zigzag);
		return out.toByteArray();
	}

	private void send(String courierId, double lat, Instant at) {
		CourierPosition position = CourierPosition.newBuilder()
			.setCourierId(courierId)
			.setLat(lat)
			.setLon(13.4)
			.setAccuracyMeters(5f)
			.setRecordedAt(at)
			.build();
		this.kafka
			.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, PARTITION, courierId, POSITIONS.encode(position)));
	}

	private void sendEvent(DeliveryEvent event) {
		this.kafka
			.send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, PARTITION, event.getOrderId(), EVENTS.encode(event)));
	}

	private long rows(String courierId) {
		Long count = this.jdbc.queryForObject("SELECT count(*) FROM courier_positions WHERE courier_id = ?", Long.class,
				courierId);
		return (count != null) ? count : 0;
	}

	private long events(String eventId) {
		Long count = this.jdbc.queryForObject("SELECT count(*) FROM delivery_events WHERE event_id = ?", Long.class,
				eventId);
		return (count != null) ? count : 0;
	}

	private double deadLetters(String topic, String kind) {
		return this.meters.get("tracking.ingest.dead.letters").tag("topic", topic).tag("kind", kind).counter().count();
	}

}
