package com.acme.tracking.faults;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.AvroCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A steady stream of positions while a fault happens: {@code Trickle <bootstrap>
 * <prefix> <couriers> <positions/s> <seconds>}. Courier ids are {@code <prefix>0 ..};
 * each position has its own time, so the warehouse can be checked for every one of them
 * afterwards. Prints how many were acknowledged by the broker.
 */
public final class Trickle {

	private Trickle() {
	}

	public static void main(String[] args) {
		String prefix = args[1];
		int couriers = Integer.parseInt(args[2]);
		int rate = Integer.parseInt(args[3]);
		long end = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000_000L;
		AvroCodec<CourierPosition> codec = AvroCodec.of(CourierPosition.class);
		long[] acknowledged = { 0 };
		long sent = 0;
		long start = System.nanoTime();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0], ProducerConfig.ACKS_CONFIG, "all"),
				new StringSerializer(), new ByteArraySerializer())) {
			long base = System.currentTimeMillis();
			while (System.nanoTime() < end) {
				while (sent < (System.nanoTime() - start) / 1e9 * rate) {
					String courierId = prefix + (sent % couriers);
					CourierPosition position = CourierPosition.newBuilder()
						.setCourierId(courierId)
						.setLat(-23.5)
						.setLon(-46.6)
						.setRecordedAt(Instant.ofEpochMilli(base + sent))
						.build();
					producer.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, courierId, codec.encode(position)),
							(metadata, ex) -> {
								if (ex == null) {
									synchronized (acknowledged) {
										acknowledged[0]++;
									}
								}
							});
					sent++;
				}
				LockSupport.parkNanos(2_000_000);
			}
			producer.flush();
		}
		System.out.println("trickle: " + acknowledged[0] + " positions acknowledged of " + sent + " sent");
	}

}
