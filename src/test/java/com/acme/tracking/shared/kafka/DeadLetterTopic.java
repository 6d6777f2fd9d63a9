package com.acme.tracking.shared.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.acme.tracking.Api;
import com.acme.tracking.shared.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Reads {@value Topics#DEAD_LETTER} from the start, as an operator would: every dead
 * letter with one of the given keys, duplicates included.
 */
public final class DeadLetterTopic {

	private DeadLetterTopic() {
	}

	/**
	 * The {@code dlt-reason} of every dead letter with one of these keys, in the order
	 * published: read until each key has one, then {@code settle} longer so that a
	 * duplicate shows up too; at most {@code wait}.
	 */
	public static Map<String, List<String>> reasons(KafkaConnectionDetails kafka, Collection<String> keys,
			Duration wait, Duration settle) {
		Map<String, Object> props = Api.consumerProps(kafka, Api.id("dlt-reader"));
		Map<String, List<String>> reasons = new HashMap<>();
		try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			consumer.subscribe(List.of(Topics.DEAD_LETTER));
			long deadline = System.nanoTime() + wait.toNanos();
			long settleUntil = Long.MAX_VALUE;
			while (System.nanoTime() < Math.min(deadline, settleUntil)) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (keys.contains(record.key())) {
						Header reason = record.headers().lastHeader(DeadLetters.REASON_HEADER);
						reasons.computeIfAbsent(record.key(), (key) -> new ArrayList<>())
							.add((reason != null) ? new String(reason.value(), StandardCharsets.UTF_8) : "(none)");
					}
				}
				if (settleUntil == Long.MAX_VALUE && reasons.keySet().containsAll(keys)) {
					settleUntil = System.nanoTime() + settle.toNanos();
				}
			}
		}
		return reasons;
	}

}
