package com.acme.tracking.shared.kafka;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.acme.tracking.shared.Topics;
import org.apache.kafka.common.TopicPartition;

import org.springframework.stereotype.Component;

/**
 * Whether the live ingest has read up to the end offsets it saw when its partitions were
 * assigned; the readiness probe stays OUT_OF_SERVICE until it has, so a restarted replica
 * takes no traffic with a half-built state.
 */
@Component
public class CatchUp {

	private static final Set<String> INPUTS = Set.of(Topics.DELIVERY_EVENTS, Topics.COURIER_POSITIONS);

	private final Map<TopicPartition, Long> behind = new ConcurrentHashMap<>();

	private final Set<String> assigned = ConcurrentHashMap.newKeySet();

	private volatile long caughtUpAtNanos;

	private volatile long assignedAtNanos;

	/** Called on assignment with the end offset of each partition at that moment. */
	void expect(TopicPartition partition, long endOffset, long position) {
		if (position < endOffset) {
			this.behind.put(partition, endOffset);
		}
		else {
			this.behind.remove(partition);
		}
		if (this.assignedAtNanos == 0) {
			this.assignedAtNanos = System.nanoTime();
		}
		this.assigned.add(partition.topic());
		markIfDone();
	}

	/** Called by the listeners with the next offset they will read on a partition. */
	public void reached(String topic, int partition, long nextOffset) {
		if (this.behind.isEmpty()) {
			return;
		}
		TopicPartition key = new TopicPartition(topic, partition);
		this.behind.computeIfPresent(key, (tp, end) -> (nextOffset >= end) ? null : end);
		markIfDone();
	}

	private void markIfDone() {
		if (caughtUp() && this.caughtUpAtNanos == 0) {
			this.caughtUpAtNanos = System.nanoTime();
		}
	}

	public boolean caughtUp() {
		return this.behind.isEmpty() && this.assigned.containsAll(INPUTS);
	}

	/**
	 * Seconds from the first partition assignment (where the look-back seek happens) to
	 * caught up, or -1 while still catching up.
	 */
	public double catchUpSeconds() {
		long at = this.caughtUpAtNanos;
		return (at == 0) ? -1 : (at - this.assignedAtNanos) / 1e9;
	}

}
