package com.acme.tracking.local;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.AvroCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Preloads {@value Topics#COURIER_POSITIONS} with Avro positions for measurements:
 * {@code Load <count> <couriers> [bootstrap] [courier id prefix]}. Positions are spread
 * over the last five minutes, so a replica's look-back (10 min) re-reads them all on
 * start.
 */
public final class Load {

	private Load() {
	}

	public static void main(String[] args) throws Exception {
		long count = Long.parseLong(args[0]);
		int couriers = Integer.parseInt(args[1]);
		String bootstrap = (args.length > 2) ? args[2] : "localhost:9092";
		String prefix = (args.length > 3) ? args[3] : "load-courier-";
		AvroCodec<CourierPosition> codec = AvroCodec.of(CourierPosition.class);
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
				ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
		long start = System.nanoTime();
		long from = Instant.now().minusSeconds(300).toEpochMilli();
		ThreadLocalRandom random = ThreadLocalRandom.current();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			for (long i = 0; i < count; i++) {
				String courierId = prefix + (i % couriers);
				CourierPosition position = CourierPosition.newBuilder()
					.setCourierId(courierId)
					.setLat(-23.5 + random.nextDouble() * 0.1)
					.setLon(-46.6 + random.nextDouble() * 0.1)
					.setAccuracyMeters(5f)
					.setSpeedMetersPerSecond(8f)
					.setHeadingDegrees(90f)
					.setRecordedAt(Instant.ofEpochMilli(from + i * 290_000 / count))
					.build();
				producer.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, courierId, codec.encode(position)));
			}
			producer.flush();
		}
		System.out.printf("produced %d positions for %d couriers in %.1f s%n", count, couriers,
				(System.nanoTime() - start) / 1e9);
	}

}
