package com.acme.tracking.shared.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The dead letters this replica found but left to the replica that owned their partition
 * then, kept for {@code keep}: when this replica is given one of those partitions within
 * that time, it publishes them itself. That closes the window in which a partition's
 * owner has stopped reading (it is shutting down, or it died) while the fleet has not yet
 * rebalanced: without it, the bad records of that window would be published by nobody.
 * The price is a duplicate for a dead letter the former owner did publish; spring-kafka's
 * {@code kafka_dlt-original-topic/partition/offset} headers tell them apart.
 *
 * <p>
 * Bounded in count and bytes (a flood of bad records must not fill the heap): past either
 * bound the oldest entry is dropped, and {@link #add} says how many it dropped. Thread
 * safe; the entries are few (bad records are rare) and the lock is short.
 */
final class WithheldDeadLetters {

	/** One dead letter left to another replica, with when it was found. */
	record Withheld(ConsumerRecord<?, ?> record, Exception reason, Instant foundAt, long bytes) {

		TopicPartition partition() {
			return new TopicPartition(this.record.topic(), this.record.partition());
		}

	}

	private final ArrayDeque<Withheld> entries = new ArrayDeque<>();

	private final Duration keep;

	private final int maxCount;

	private final long maxBytes;

	private final Supplier<Instant> clock;

	private long bytes;

	WithheldDeadLetters(Duration keep, int maxCount, long maxBytes, Supplier<Instant> clock) {
		this.keep = keep;
		this.maxCount = maxCount;
		this.maxBytes = maxBytes;
		this.clock = clock;
	}

	/**
	 * Keeps a dead letter left to another replica.
	 * @return how many entries were dropped to keep the bounds: older ones, or this one
	 * if it is larger than the whole buffer (expired ones are not counted: they were the
	 * other replica's to publish)
	 */
	synchronized int add(ConsumerRecord<?, ?> record, Exception reason) {
		Instant now = this.clock.get();
		expire(now);
		long size = sizeOf(record);
		if (size > this.maxBytes) {
			return 1;
		}
		int dropped = 0;
		while (!this.entries.isEmpty() && (this.entries.size() >= this.maxCount || this.bytes + size > this.maxBytes)) {
			this.bytes -= this.entries.removeFirst().bytes();
			dropped++;
		}
		this.entries.addLast(new Withheld(record, reason, now, size));
		this.bytes += size;
		return dropped;
	}

	/**
	 * Takes out, oldest first, the entries of these partitions found within the last
	 * {@code keep}: this replica has just been given the partitions and publishes them.
	 */
	synchronized List<Withheld> takeFor(Set<TopicPartition> gained) {
		expire(this.clock.get());
		List<Withheld> taken = new ArrayList<>();
		for (Iterator<Withheld> it = this.entries.iterator(); it.hasNext();) {
			Withheld entry = it.next();
			if (gained.contains(entry.partition())) {
				it.remove();
				this.bytes -= entry.bytes();
				taken.add(entry);
			}
		}
		return taken;
	}

	synchronized int size() {
		return this.entries.size();
	}

	private void expire(Instant now) {
		Instant oldest = now.minus(this.keep);
		while (!this.entries.isEmpty() && this.entries.peekFirst().foundAt().isBefore(oldest)) {
			this.bytes -= this.entries.removeFirst().bytes();
		}
	}

	private static long sizeOf(ConsumerRecord<?, ?> record) {
		// what the entry holds beyond its fixed overhead: the key's and the value's bytes
		long size = 256;
		if (record.key() instanceof String key) {
			size += 2L * key.length();
		}
		if (record.value() instanceof byte[] value) {
			size += value.length;
		}
		return size;
	}

}
