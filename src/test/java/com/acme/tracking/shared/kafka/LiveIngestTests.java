package com.acme.tracking.shared.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.DeliveryStatus;
import com.acme.tracking.delivery.ingest.DeliveryEvent;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.AvroCodec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole application against the real embedded broker and database: records produced
 * to each input topic reach the hot state, in Avro and in JSON; bad records go to the
 * dead-letter topic with their reason and the consumer goes on.
 */
@TrackingIntegrationTest
class LiveIngestTests {

	private static final AvroCodec<DeliveryEvent> EVENTS = AvroCodec.of(DeliveryEvent.class);

	private static final AvroCodec<CourierPosition> POSITIONS = AvroCodec.of(CourierPosition.class);

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	DeliveryStates deliveries;

	@Autowired
	CourierPositions couriers;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	@Test
	void avroDeliveryEventReachesTheOrderState() {
		String orderId = "order-" + UUID.randomUUID();
		DeliveryEvent created = DeliveryEvent.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setOrderId(orderId)
			.setType(DeliveryEventType.CREATED)
			.setOccurredAt(Instant.now())
			.setCustomerId("customer-1")
			.setPartnerId("partner-1")
			.setDestination(new GeoPoint(-23.56, -46.65))
			.build();

		this.kafka.send(Topics.DELIVERY_EVENTS, orderId, EVENTS.encode(created));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.deliveries.find(orderId)).hasValueSatisfying((delivery) -> {
				assertThat(delivery.status()).isEqualTo(DeliveryStatus.CREATED);
				assertThat(delivery.customerId()).isEqualTo("customer-1");
			}));
	}

	@Test
	void avroAndJsonPositionsReachTheCourierState() {
		String avroCourier = "courier-" + UUID.randomUUID();
		String jsonCourier = "courier-" + UUID.randomUUID();
		this.kafka.send(Topics.COURIER_POSITIONS, avroCourier, POSITIONS.encode(position(avroCourier, 52.52)));
		ProducerRecord<String, byte[]> json = new ProducerRecord<>(Topics.COURIER_POSITIONS, jsonCourier,
				POSITIONS.encodeJson(position(jsonCourier, 48.85)));
		json.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
		this.kafka.send(json);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(this.couriers.find(avroCourier))
				.hasValueSatisfying((p) -> assertThat(p.position().point().lat()).isEqualTo(52.52));
			assertThat(this.couriers.find(jsonCourier))
				.hasValueSatisfying((p) -> assertThat(p.position().point().lat()).isEqualTo(48.85));
		});
	}

	@Test
	void recordsThatCannotBeAppliedGoToTheDeadLetterTopicWithTheirReason() {
		double before = deadLetters();
		String poison = Api.id("poison");
		String unknownSchema = Api.id("unknown");
		String invalid = Api.id("invalid");
		String notANumber = Api.id("nan");
		String future = Api.id("future");
		String goodCourier = Api.id("courier");
		byte[] unknownFingerprint = POSITIONS.encode(position(unknownSchema, 1));
		unknownFingerprint[5] ^= 0x55;
		this.kafka.send(Topics.COURIER_POSITIONS, poison, new byte[] { 1, 2, 3 });
		this.kafka.send(Topics.COURIER_POSITIONS, unknownSchema, unknownFingerprint);
		this.kafka.send(Topics.COURIER_POSITIONS, invalid, POSITIONS.encode(position(invalid, 91)));
		this.kafka.send(Topics.COURIER_POSITIONS, notANumber, POSITIONS.encode(position(notANumber, Double.NaN)));
		CourierPosition ahead = position(future, 1);
		ahead.setRecordedAt(Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
		this.kafka.send(Topics.COURIER_POSITIONS, future, POSITIONS.encode(ahead));
		this.kafka.send(Topics.COURIER_POSITIONS, goodCourier, POSITIONS.encode(position(goodCourier, 10)));

		String noCustomer = Api.id("order");
		String badDestination = Api.id("order");
		String noCourier = Api.id("order");
		String jsonWithoutType = Api.id("order");
		String goodOrder = Api.id("order");
		DeliveryEvent created = Api.createdEvent(noCustomer);
		created.setCustomerId(null);
		this.kafka.send(Topics.DELIVERY_EVENTS, noCustomer, EVENTS.encode(created));
		DeliveryEvent offEarth = Api.createdEvent(badDestination);
		offEarth.setDestination(new GeoPoint(10.0, 181.0));
		this.kafka.send(Topics.DELIVERY_EVENTS, badDestination, EVENTS.encode(offEarth));
		DeliveryEvent assigned = Api.createdEvent(noCourier);
		assigned.setType(DeliveryEventType.COURIER_ASSIGNED);
		this.kafka.send(Topics.DELIVERY_EVENTS, noCourier, EVENTS.encode(assigned));
		ProducerRecord<String, byte[]> json = new ProducerRecord<>(Topics.DELIVERY_EVENTS, jsonWithoutType,
				("{\"eventId\":\"e\",\"orderId\":\"" + jsonWithoutType + "\",\"occurredAt\":1}")
					.getBytes(StandardCharsets.UTF_8));
		json.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
		this.kafka.send(json);
		this.kafka.send(Topics.DELIVERY_EVENTS, goodOrder, EVENTS.encode(Api.createdEvent(goodOrder)));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.couriers.find(goodCourier).isPresent() && this.deliveries.find(goodOrder).isPresent());
		Map<String, String> reasons = Api.deadLetterReasons(this.kafkaConnection, List.of(poison, unknownSchema,
				invalid, notANumber, future, noCustomer, badDestination, noCourier, jsonWithoutType));
		assertThat(reasons).containsEntry(poison, "not Avro single-object encoded (no C3 01 header)")
			.containsEntry(invalid, "invalid coordinates: 91.0,13.4")
			.containsEntry(notANumber, "invalid coordinates: NaN,13.4")
			.containsEntry(noCustomer, "missing required field 'customerId'")
			.containsEntry(badDestination, "invalid coordinates in 'destination': 10.0,181.0")
			.containsEntry(noCourier, "missing required field 'courierId'")
			.containsEntry(jsonWithoutType, "missing required field 'type'");
		assertThat(reasons.get(unknownSchema)).startsWith("unknown schema fingerprint ");
		assertThat(reasons.get(future)).startsWith("'recordedAt' is in the future");
		assertThat(this.couriers.find(invalid)).isEmpty();
		assertThat(this.deliveries.find(noCustomer)).isEmpty();
		assertThat(deadLetters() - before).isGreaterThanOrEqualTo(9);
	}

	/**
	 * R1: a poison record and a record valid in Avro but invalid in meaning, in the
	 * middle of one batch on one partition: both dead-lettered with their reason, the
	 * records before and after them applied, and the consumer still reading afterwards.
	 */
	@Test
	void badRecordsInTheMiddleOfABatchDoNotCostTheirNeighbours() {
		String before = Api.id("courier-before");
		String poison = Api.id("poison");
		String meaningless = Api.id("meaningless");
		String after = Api.id("courier-after");
		int partition = 0;
		this.kafka.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, partition, before,
				POSITIONS.encode(position(before, 10))));
		this.kafka.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, partition, poison,
				new byte[] { (byte) 0xC3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 42 }));
		this.kafka.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, partition, meaningless,
				POSITIONS.encode(position(meaningless, -123))));
		this.kafka.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, partition, after,
				POSITIONS.encode(position(after, 20))));
		this.kafka.flush();

		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.couriers.find(before).isPresent() && this.couriers.find(after).isPresent());
		Map<String, String> reasons = Api.deadLetterReasons(this.kafkaConnection, List.of(poison, meaningless));
		assertThat(reasons.get(poison)).startsWith("unknown schema fingerprint ");
		assertThat(reasons).containsEntry(meaningless, "invalid coordinates: -123.0,13.4");
		assertThat(this.couriers.find(meaningless)).isEmpty();

		String later = Api.id("courier-later");
		this.kafka.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, partition, later,
				POSITIONS.encode(position(later, 30))));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.couriers.find(later).isPresent());
	}

	private double deadLetters() {
		return this.meters.find("tracking.ingest.dead.letters").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	private static CourierPosition position(String courierId, double lat) {
		return CourierPosition.newBuilder()
			.setCourierId(courierId)
			.setLat(lat)
			.setLon(13.4)
			.setRecordedAt(Instant.now())
			.build();
	}

}
