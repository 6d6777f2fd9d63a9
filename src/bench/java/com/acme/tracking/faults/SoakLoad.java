package com.acme.tracking.faults;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

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
 * Yesterday's fleet replayed in minutes, for the R18 soak: {@code SoakLoad <bootstrap>
 * <positions/s> <seconds> <couriers>}. The records carry simulated times that run from 24
 * hours ago to now over the given seconds (a day in 32 minutes is 45 times real speed),
 * so the service's own timers (ended orders leave two hours after their end, silent
 * couriers after one) act as they would over a real day. Each courier moves, one position
 * per turn; each order lasts 20 to 40 simulated minutes, then the courier delivers it
 * (DELIVERED) and takes a new one (CREATED, COURIER_ASSIGNED, PICKED_UP). Every four
 * simulated hours a sixth of the couriers go off shift and new courier ids replace them.
 * One order, {@value #WATCHED_ORDER}, goes on all day with courier
 * {@value #WATCHED_COURIER}, for the sessions of {@link SessionChurn} to follow. Prints
 * the rate reached once a minute.
 */
public final class SoakLoad {

	static final String WATCHED_ORDER = "soak-watched-order";

	static final String WATCHED_COURIER = "soak-watched-courier";

	private SoakLoad() {
	}

	public static void main(String[] args) {
		String bootstrap = args[0];
		int rate = Integer.parseInt(args[1]);
		long seconds = Long.parseLong(args[2]);
		int couriers = Integer.parseInt(args[3]);
		long dayMillis = 24 * 3_600_000L;
		long simulatedStart = System.currentTimeMillis() - dayMillis;
		double speed = dayMillis / (seconds * 1000.0);
		long orderMillis = 20 * 60_000L;
		long shiftMillis = 4 * 3_600_000L;
		AvroCodec<CourierPosition> positions = AvroCodec.of(CourierPosition.class);
		AvroCodec<DeliveryEvent> events = AvroCodec.of(DeliveryEvent.class);
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
				ProducerConfig.ACKS_CONFIG, "1");
		String[] courierIds = new String[couriers];
		String[] orderIds = new String[couriers];
		long[] orderEnds = new long[couriers];
		double[][] at = new double[couriers][2];
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long start = System.nanoTime();
		long end = start + seconds * 1_000_000_000L;
		long sent = 0;
		long orders = 0;
		long reportedAt = start;
		long reportedSent = 0;
		long shift = -1;
		int next = 0;
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			send(producer, events, WATCHED_ORDER, DeliveryEventType.CREATED, null, new GeoPoint(-23.5, -46.6),
					simulatedStart);
			send(producer, events, WATCHED_ORDER, DeliveryEventType.COURIER_ASSIGNED, WATCHED_COURIER, null,
					simulatedStart);
			send(producer, events, WATCHED_ORDER, DeliveryEventType.PICKED_UP, WATCHED_COURIER, null, simulatedStart);
			for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
				long simulatedMillis = simulatedStart + (long) ((now - start) / 1e6 * speed);
				long currentShift = (simulatedMillis - simulatedStart) / shiftMillis;
				if (currentShift != shift) {
					shift = currentShift;
					for (int c = 0; c < couriers; c++) {
						if (c == 0) {
							courierIds[c] = WATCHED_COURIER;
							orderEnds[c] = Long.MAX_VALUE;
						}
						else if (courierIds[c] == null || c % 6 == currentShift % 6) {
							if (orderIds[c] != null) {
								send(producer, events, orderIds[c], DeliveryEventType.DELIVERED, courierIds[c], null,
										simulatedMillis);
								orderIds[c] = null;
							}
							courierIds[c] = "soak-courier-" + UUID.randomUUID();
							orderEnds[c] = 0;
						}
					}
				}
				long simulatedNow = simulatedMillis;
				while (sent < (now - start) / 1e9 * rate) {
					int c = next;
					next = (next + 1) % couriers;
					String courierId = courierIds[c];
					if (simulatedNow >= orderEnds[c]) {
						if (orderIds[c] != null) {
							send(producer, events, orderIds[c], DeliveryEventType.DELIVERED, courierId, null,
									simulatedNow);
						}
						orderIds[c] = "soak-order-" + UUID.randomUUID();
						at[c][0] = -23.6 + random.nextDouble() * 0.2;
						at[c][1] = -46.7 + random.nextDouble() * 0.2;
						send(producer, events, orderIds[c], DeliveryEventType.CREATED, null,
								new GeoPoint(at[c][0] + 0.02, at[c][1] + 0.02), simulatedNow);
						send(producer, events, orderIds[c], DeliveryEventType.COURIER_ASSIGNED, courierId, null,
								simulatedNow);
						send(producer, events, orderIds[c], DeliveryEventType.PICKED_UP, courierId, null, simulatedNow);
						orderEnds[c] = simulatedNow + orderMillis + random.nextLong(orderMillis);
						orders++;
					}
					at[c][0] += 0.00002;
					at[c][1] += 0.00002;
					CourierPosition position = CourierPosition.newBuilder()
						.setCourierId(courierId)
						.setLat(at[c][0])
						.setLon(at[c][1])
						.setAccuracyMeters(5f)
						.setSpeedMetersPerSecond(8f)
						.setHeadingDegrees(45f)
						.setRecordedAt(Instant.ofEpochMilli(simulatedNow))
						.build();
					producer
						.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, courierId, positions.encode(position)));
					sent++;
				}
				if (now - reportedAt >= 60_000_000_000L) {
					System.out.printf("soak load: %d positions, %d orders, %.0f positions/s in the last minute%n", sent,
							orders, (sent - reportedSent) / ((now - reportedAt) / 1e9));
					reportedAt = now;
					reportedSent = sent;
				}
				LockSupport.parkNanos(1_000_000);
			}
		}
		System.out.printf("soak load done: %d positions and %d orders in %.0f s (%.0f positions/s)%n", sent, orders,
				(System.nanoTime() - start) / 1e9, sent / ((System.nanoTime() - start) / 1e9));
	}

	private static void send(KafkaProducer<String, byte[]> producer, AvroCodec<DeliveryEvent> codec, String orderId,
			DeliveryEventType type, String courierId, GeoPoint destination, long simulatedMillis) {
		DeliveryEvent event = DeliveryEvent.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setOrderId(orderId)
			.setType(type)
			.setOccurredAt(Instant.ofEpochMilli(simulatedMillis))
			.setCourierId(courierId)
			.setCustomerId((type == DeliveryEventType.CREATED) ? "soak-customer-" + orderId.hashCode() % 100_000 : null)
			.setPartnerId(
					(type == DeliveryEventType.CREATED) ? "soak-partner-" + Math.abs(orderId.hashCode() % 50) : null)
			.setDestination(destination)
			.build();
		producer.send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, orderId, codec.encode(event)));
	}

}
