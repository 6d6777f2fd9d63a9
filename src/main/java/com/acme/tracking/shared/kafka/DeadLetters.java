package com.acme.tracking.shared.kafka;

import java.nio.charset.StandardCharsets;

import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.RejectedRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Sends a record that will not be applied to {@value Topics#DEAD_LETTER} with its
 * original key and bytes, the short reason in the header {@value #REASON_HEADER} (beside
 * spring-kafka's own {@code kafka_dlt-*} headers), and counts it in
 * {@code tracking.ingest.dead.letters}.
 */
@Component
public class DeadLetters implements ConsumerRecordRecoverer {

	public static final String REASON_HEADER = "dlt-reason";

	private final DeadLetterPublishingRecoverer recoverer;

	private final MeterRegistry meters;

	DeadLetters(KafkaOperations<String, byte[]> template, MeterRegistry meters) {
		this.meters = meters;
		this.recoverer = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(Topics.DEAD_LETTER, -1));
		this.recoverer.setHeadersFunction((record, ex) -> {
			RecordHeaders headers = new RecordHeaders();
			headers.add(REASON_HEADER, reasonOf(ex).getBytes(StandardCharsets.UTF_8));
			return headers;
		});
	}

	/** Dead-letters a record that was rejected before it reached the state. */
	public void reject(ConsumerRecord<?, ?> record, RejectedRecord reason) {
		accept(record, reason);
	}

	@Override
	public void accept(ConsumerRecord<?, ?> record, Exception ex) {
		this.recoverer.accept(record, ex);
		Counter.builder("tracking.ingest.dead.letters")
			.description("Records sent to the dead-letter topic, by source topic and kind of reason")
			.tag("topic", record.topic())
			.tag("kind", (rejection(ex) != null) ? "rejected" : "failed")
			.register(this.meters)
			.increment();
	}

	static String reasonOf(Exception ex) {
		RejectedRecord rejected = rejection(ex);
		if (rejected != null) {
			return rejected.getMessage();
		}
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return "processing failed: " + root.getClass().getSimpleName();
	}

	private static @Nullable RejectedRecord rejection(Throwable ex) {
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof RejectedRecord rejected) {
				return rejected;
			}
		}
		return null;
	}

}
