package com.acme.tracking.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The baseline of B1: a bare {@link KafkaConsumer} poll loop that reads a topic from the
 * beginning to its end offsets and only counts records and bytes:
 * {@code BareConsumer [topic] [bootstrap]}.
 */
public final class BareConsumer {

	private BareConsumer() {
	}

	public static void main(String[] args) {
		String topic = (args.length > 0) ? args[0] : "tracking.courier-positions.v1";
		String bootstrap = (args.length > 1) ? args[1] : "localhost:9092";
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((p) -> new TopicPartition(topic, p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			long total = ends.values().stream().mapToLong(Long::longValue).sum();
			long records = 0;
			long bytes = 0;
			long start = System.nanoTime();
			while (records < total) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					records++;
					bytes += record.serializedValueSize();
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			System.out.printf("bare consumer: %,d records (%,d bytes) in %.2f s = %,.0f records/s%n", records, bytes,
					seconds, records / seconds);
		}
	}

}
