package com.acme.tracking.shared.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * On assignment, seeks each input partition back to the first record newer than the
 * topic's look-back ({@code offsetsForTimes}) and records the end offsets at that moment
 * for {@link CatchUp}. Kafka, not a local store, is where a replica's state comes from.
 */
class LookBack implements ConsumerAwareRebalanceListener {

	private final Map<String, Duration> lookBacks;

	private final CatchUp catchUp;

	private final Clock clock;

	LookBack(Map<String, Duration> lookBacks, CatchUp catchUp, Clock clock) {
		this.lookBacks = lookBacks;
		this.catchUp = catchUp;
		this.clock = clock;
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		Map<TopicPartition, Long> times = new HashMap<>();
		long now = this.clock.millis();
		for (TopicPartition partition : partitions) {
			Duration lookBack = this.lookBacks.get(partition.topic());
			if (lookBack != null) {
				times.put(partition, now - lookBack.toMillis());
			}
		}
		if (times.isEmpty()) {
			return;
		}
		Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
		Map<TopicPartition, Long> ends = consumer.endOffsets(times.keySet());
		for (TopicPartition partition : times.keySet()) {
			OffsetAndTimestamp offset = offsets.get(partition);
			long end = ends.getOrDefault(partition, 0L);
			long start = (offset != null) ? offset.offset() : end;
			consumer.seek(partition, start);
			this.catchUp.expect(partition, end, start);
		}
	}

}
