package com.acme.tracking.shared.kafka;

import java.util.List;

import com.acme.tracking.shared.avro.RejectedRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * The loop every live listener runs over a batch: a rejected record goes to the
 * dead-letter topic and the batch goes on; a record whose processing throws is handed to
 * the error handler by its index (retried, then dead-lettered; the records before it stay
 * applied). Counts records and tracks the start-up catch-up.
 */
public final class LiveIngest {

	/** Applies one record's value to the hot state. */
	@FunctionalInterface
	public interface Handler {

		/**
		 * @param value the record's bytes
		 * @param contentType its {@code content-type} header, null for Avro
		 * @param producedAt when it was produced ({@link Records#producedAt})
		 * @throws RejectedRecord when the record is not to be applied
		 */
		void apply(byte[] value, @Nullable String contentType, java.time.Instant producedAt);

	}

	private final DeadLetters deadLetters;

	private final CatchUp catchUp;

	private final Counter consumed;

	private volatile long newestTimestamp;

	public LiveIngest(String topic, DeadLetters deadLetters, CatchUp catchUp, MeterRegistry meters) {
		this.deadLetters = deadLetters;
		this.catchUp = catchUp;
		this.consumed = Counter.builder("tracking.ingest.records")
			.description("Records read by the live ingest")
			.tag("topic", topic)
			.register(meters);
		io.micrometer.core.instrument.Gauge
			.builder("tracking.ingest.lag.seconds", this,
					(ingest) -> (ingest.newestTimestamp == 0) ? 0
							: Math.max(0, (System.currentTimeMillis() - ingest.newestTimestamp) / 1000.0))
			.description("Age of the newest record the live ingest applied (time lag behind producers)")
			.tag("topic", topic)
			.register(meters);
	}

	public void run(List<ConsumerRecord<String, byte[]>> records, Handler handler) {
		for (int i = 0; i < records.size(); i++) {
			ConsumerRecord<String, byte[]> record = records.get(i);
			try {
				if (record.value() == null) {
					throw new RejectedRecord("empty value");
				}
				handler.apply(record.value(), Records.contentType(record),
						Records.producedAt(record, java.time.Instant.now()));
			}
			catch (RejectedRecord ex) {
				this.deadLetters.reject(record, ex);
			}
			catch (RuntimeException ex) {
				throw new BatchListenerFailedException("Could not apply record", ex, i);
			}
			this.catchUp.reached(record.topic(), record.partition(), record.offset() + 1);
		}
		this.consumed.increment(records.size());
		if (!records.isEmpty()) {
			this.newestTimestamp = Math.max(this.newestTimestamp, records.get(records.size() - 1).timestamp());
		}
	}

}
