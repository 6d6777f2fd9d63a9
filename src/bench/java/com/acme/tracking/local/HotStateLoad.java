package com.acme.tracking.local;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.delivery.ingest.DeliveryEvent;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.AvroCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Fills the hot state of running replicas for the memory goal (B7):
 * {@code HotStateLoad [orders] [couriers] [bootstrap]}, by default 100,000 orders in
 * transit (created, assigned, picked up) and one position for each of 50,000 couriers.
 */
public final class HotStateLoad {

	private HotStateLoad() {
	}

	public static void main(String[] args) throws Exception {
		int orders = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		int couriers = (args.length > 1) ? Integer.parseInt(args[1]) : 50_000;
		String bootstrap = (args.length > 2) ? args[2] : "localhost:9092";
		AvroCodec<DeliveryEvent> events = AvroCodec.of(DeliveryEvent.class);
		AvroCodec<CourierPosition> positions = AvroCodec.of(CourierPosition.class);
		Instant now = Instant.now();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
						ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
				new StringSerializer(), new ByteArraySerializer())) {
			for (int i = 0; i < orders; i++) {
				String orderId = "mem-order-" + i;
				String courierId = "mem-courier-" + (i % couriers);
				for (DeliveryEventType type : new DeliveryEventType[] { DeliveryEventType.CREATED,
						DeliveryEventType.COURIER_ASSIGNED, DeliveryEventType.PICKED_UP }) {
					DeliveryEvent event = DeliveryEvent.newBuilder()
						.setEventId(UUID.randomUUID().toString())
						.setOrderId(orderId)
						.setType(type)
						.setOccurredAt(now)
						.setCustomerId((type == DeliveryEventType.CREATED) ? "mem-customer-" + (i % 200_000) : null)
						.setPartnerId((type == DeliveryEventType.CREATED) ? "mem-partner-" + (i % 500) : null)
						.setDestination((type == DeliveryEventType.CREATED) ? new GeoPoint(-23.5, -46.6) : null)
						.setCourierId((type == DeliveryEventType.CREATED) ? null : courierId)
						.build();
					producer.send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, orderId, events.encode(event)));
				}
			}
			for (int i = 0; i < couriers; i++) {
				String courierId = "mem-courier-" + i;
				producer.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, courierId,
						positions.encode(CourierPosition.newBuilder()
							.setCourierId(courierId)
							.setLat(-23.5 + i * 1e-6)
							.setLon(-46.6)
							.setAccuracyMeters(5f)
							.setSpeedMetersPerSecond(8f)
							.setHeadingDegrees(90f)
							.setRecordedAt(now)
							.build())));
			}
			producer.flush();
		}
		System.out.printf("produced %d orders (3 events each) and %d courier positions%n", orders, couriers);
	}

}
