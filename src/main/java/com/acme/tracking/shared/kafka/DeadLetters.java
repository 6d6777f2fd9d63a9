package com.acme.tracking.shared.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.RejectedRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
 * {@code tracking.ingest.dead.letters{topic, kind}}: {@code rejected} (it cannot be
 * decoded or is invalid), {@code failed} (applying it threw, after retries),
 * {@code refused} (valid, but the warehouse refused it). Every series is registered at 0
 * on start, so that alerts see a rate from the first bad record on.
 *
 * <p>
 * Every replica's live ingest reads every record, so every replica finds the same bad
 * ones: each counts them, but only the replica that owns the record's partition
 * ({@link DeadLetterOwnership}) publishes them, so the fleet publishes each once. The
 * others keep theirs for three session timeouts of the ownership group
 * ({@link WithheldDeadLetters}, at most {@value #WITHHELD_MAX_COUNT} records and
 * {@value #WITHHELD_MAX_BYTES} bytes) and publish them if they are given the partition in
 * that time: a replica that stops reading (shutting down, or dead) loses no dead letter
 * to the seconds before the fleet notices, at the price of a duplicate at a rebalance.
 * What the warehouse refuses is published by the writer that found it: the history
 * writer's group already reads each record once for the fleet.
 */
@Component
public class DeadLetters implements ConsumerRecordRecoverer {

	public static final String REASON_HEADER = "dlt-reason";

	static final List<String> KINDS = List.of("rejected", "failed", "refused");

	static final int WITHHELD_MAX_COUNT = 10_000;

	static final long WITHHELD_MAX_BYTES = 16L * 1024 * 1024;

	private final WithheldDeadLetters withheld;

	private final Counter handedOver;

	private final Counter withheldDropped;

	private final DeadLetterPublishingRecoverer recoverer;

	private final DeadLetterOwnership ownership;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	DeadLetters(KafkaOperations<String, byte[]> template, DeadLetterOwnership ownership, IngestSettings settings,
			Clock clock, MeterRegistry meters) {
		this.ownership = ownership;
		this.meters = meters;
		this.withheld = new WithheldDeadLetters(settings.deadLetterSessionTimeout().multipliedBy(3), WITHHELD_MAX_COUNT,
				WITHHELD_MAX_BYTES, clock::instant);
		this.handedOver = Counter.builder("tracking.ingest.dead.letters.handed.over")
			.description("Dead letters left to another replica and published here after this replica was given "
					+ "their partition (some may be duplicates)")
			.register(meters);
		this.withheldDropped = Counter.builder("tracking.ingest.dead.letters.withheld.dropped")
			.description("Dead letters left to another replica and dropped from the bounded hand-over buffer "
					+ "(lost if that replica did not publish them)")
			.register(meters);
		Gauge.builder("tracking.ingest.dead.letters.withheld", this.withheld, WithheldDeadLetters::size)
			.description("Dead letters left to another replica, kept in case this replica is given their partition")
			.register(meters);
		ownership.whenAssigned(this::handOver);
		this.recoverer = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(Topics.DEAD_LETTER, -1));
		this.recoverer.setHeadersFunction((record, ex) -> {
			RecordHeaders headers = new RecordHeaders();
			headers.add(REASON_HEADER, reasonOf(ex).getBytes(StandardCharsets.UTF_8));
			return headers;
		});
		for (String topic : List.of(Topics.COURIER_POSITIONS, Topics.DELIVERY_EVENTS)) {
			for (String kind : KINDS) {
				counter(topic, kind);
			}
		}
	}

	/** Dead-letters a record the live ingest rejected before it reached the state. */
	public void reject(ConsumerRecord<?, ?> record, RejectedRecord reason) {
		accept(record, reason);
	}

	/**
	 * Dead-letters a record of the live ingest: rejected, or given up on after retries.
	 * Counted here; published only by the replica that owns its partition.
	 */
	@Override
	public void accept(ConsumerRecord<?, ?> record, Exception ex) {
		if (this.ownership.publishes(record.topic(), record.partition())) {
			this.recoverer.accept(record, ex);
		}
		else {
			this.withheldDropped.increment(this.withheld.add(record, ex));
			// the partition may have been given to this replica since the check: the
			// assignment's hand-over may have run before the add, so take it here
			if (this.ownership.publishes(record.topic(), record.partition())) {
				handOver(Set.of(new TopicPartition(record.topic(), record.partition())));
			}
		}
		count(record, (rejection(ex) != null) ? "rejected" : "failed");
	}

	/** Publishes what was left to the former owners of these partitions. */
	private void handOver(Set<TopicPartition> assigned) {
		for (WithheldDeadLetters.Withheld entry : this.withheld.takeFor(assigned)) {
			this.recoverer.accept(entry.record(), entry.reason());
			this.handedOver.increment();
		}
	}

	/**
	 * Dead-letters a valid record the warehouse refused (the history writer, which reads
	 * each record once for the fleet), with the warehouse's reason. Returns once the dead
	 * letter is acknowledged, so that the writer commits its offset only after.
	 * @param reason the warehouse's error, short and without the row's values
	 */
	public void refused(ConsumerRecord<?, ?> record, String reason) {
		this.recoverer.accept(record, new RejectedRecord(reason));
		count(record, "refused");
	}

	private void count(ConsumerRecord<?, ?> record, String kind) {
		counter(record.topic(), kind).increment();
	}

	private Counter counter(String topic, String kind) {
		return this.counters.computeIfAbsent(topic + "/" + kind,
				(key) -> Counter.builder("tracking.ingest.dead.letters")
					.description("Records dead-lettered, by source topic and kind of reason (every replica counts what "
							+ "it finds; the owner of the partition publishes it)")
					.tag("topic", topic)
					.tag("kind", kind)
					.register(this.meters));
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
