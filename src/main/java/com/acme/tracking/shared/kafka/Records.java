package com.acme.tracking.shared.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/** Small helpers over Kafka records. */
public final class Records {

	private Records() {
	}

	/**
	 * The record's {@code content-type} header, or null (Avro single-object encoding).
	 */
	public static @Nullable String contentType(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader("content-type");
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
