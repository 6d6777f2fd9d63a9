package com.acme.tracking.shared.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.RejectedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-over buffer of dead letters left to another replica: what a newly given
 * partition gets back, and the bounds that keep a flood of bad records off the heap.
 */
class WithheldDeadLettersTests {

	final Instant start = Instant.parse("2026-12-01T12:00:00Z");

	Instant now = this.start;

	final WithheldDeadLetters withheld = new WithheldDeadLetters(Duration.ofSeconds(30), 3, 10_000, () -> this.now);

	@Test
	void aNewlyGivenPartitionGetsBackItsOwnDeadLettersOldestFirstAndOnlyOnce() {
		this.withheld.add(record(1, 10, 10), reason());
		this.withheld.add(record(2, 20, 10), reason());
		this.withheld.add(record(1, 11, 10), reason());

		assertThat(this.withheld.takeFor(Set.of(partition(1)))).extracting((entry) -> entry.record().offset())
			.containsExactly(10L, 11L);
		assertThat(this.withheld.takeFor(Set.of(partition(1)))).isEmpty();
		assertThat(this.withheld.size()).isEqualTo(1);
	}

	@Test
	void deadLettersOlderThanTheHandOverWindowAreForgotten() {
		this.withheld.add(record(1, 10, 10), reason());
		this.now = this.start.plusSeconds(31);

		assertThat(this.withheld.takeFor(Set.of(partition(1)))).isEmpty();
	}

	@Test
	void pastTheCountOrTheBytesTheOldestAreDroppedAndCounted() {
		assertThat(this.withheld.add(record(1, 1, 10), reason())).isZero();
		assertThat(this.withheld.add(record(1, 2, 10), reason())).isZero();
		assertThat(this.withheld.add(record(1, 3, 10), reason())).isZero();
		assertThat(this.withheld.add(record(1, 4, 10), reason())).as("past the count").isEqualTo(1);
		assertThat(this.withheld.add(record(1, 5, 9_300), reason())).as("past the bytes").isEqualTo(2);
		assertThat(this.withheld.add(record(1, 6, 20_000), reason())).as("larger than the whole buffer").isEqualTo(1);

		assertThat(this.withheld.takeFor(Set.of(partition(1)))).extracting((entry) -> entry.record().offset())
			.containsExactly(4L, 5L);
	}

	private static ConsumerRecord<String, byte[]> record(int partition, long offset, int bytes) {
		return new ConsumerRecord<>(Topics.COURIER_POSITIONS, partition, offset, "key", new byte[bytes]);
	}

	private static TopicPartition partition(int partition) {
		return new TopicPartition(Topics.COURIER_POSITIONS, partition);
	}

	private static Exception reason() {
		return new RejectedRecord("not Avro");
	}

}
