package com.acme.tracking.shared.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

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

	/**
	 * The time a record's own times are checked against ("not in the future"): its Kafka
	 * timestamp, but never later than {@code now}. The live ingest and the history writer
	 * read the same record at different times; judging it by its timestamp rather than by
	 * the reader's clock makes both reach the same verdict, so a lagging writer does not
	 * store what the live ingest dead-lettered. Capping at {@code now} keeps a producer
	 * whose clock runs ahead from carrying a future position in with it.
	 */
	public static Instant producedAt(ConsumerRecord<?, ?> record, Instant now) {
		long timestamp = record.timestamp();
		return (timestamp < 0 || timestamp > now.toEpochMilli()) ? now : Instant.ofEpochMilli(timestamp);
	}

}
