package com.acme.tracking.shared.kafka;

import java.util.List;
import java.util.Properties;
import java.util.Set;

import com.acme.tracking.shared.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Which input partitions this replica publishes the live ingest's dead letters for: those
 * it owns ({@link PartitionOwnership}) in one consumer group shared by the fleet
 * ({@code tracking.ingest.dead-letter-group}). Every replica reads every record, so every
 * replica finds the same bad records; each partition has one owner, so each dead letter
 * is published once by the fleet.
 *
 * <p>
 * While the assignment is not known (before the first one, during a rebalance, after the
 * consumer failed) this replica publishes for every partition: a dead letter may then be
 * published twice, never not at all. The bad records a replica leaves to another one are
 * kept for a while ({@link WithheldDeadLetters}) and published if this replica is given
 * their partition: that covers the owner that stopped reading before the fleet rebalanced
 * (shutting down, or dead until the group's session timeout,
 * {@code tracking.ingest.dead-letter-session-timeout}).
 */
@Component
public class DeadLetterOwnership implements SmartLifecycle {

	private final PartitionOwnership ownership;

	DeadLetterOwnership(ConsumerFactory<String, byte[]> consumers, IngestSettings settings) {
		Properties properties = new Properties();
		int sessionMillis = (int) settings.deadLetterSessionTimeout().toMillis();
		properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionMillis);
		properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(500, sessionMillis / 3));
		this.ownership = new PartitionOwnership(consumers, settings.deadLetterGroup(), "dead-letters",
				List.of(Topics.COURIER_POSITIONS, Topics.DELIVERY_EVENTS), properties);
	}

	/**
	 * Calls the listener, on the ownership thread, with the partitions of each new
	 * assignment, once {@link #publishes} answers true for them.
	 */
	void whenAssigned(java.util.function.Consumer<Set<TopicPartition>> listener) {
		this.ownership.whenAssigned(listener);
	}

	/** Whether this replica publishes the dead letters of a record of that partition. */
	public boolean publishes(String topic, int partition) {
		return !this.ownership.known() || this.ownership.holds(new TopicPartition(topic, partition));
	}

	/**
	 * The partitions this replica owns now, or null while the assignment is not known.
	 */
	public @Nullable Set<TopicPartition> owned() {
		return this.ownership.known() ? this.ownership.held() : null;
	}

	@Override
	public void start() {
		this.ownership.start();
	}

	@Override
	public void stop() {
		this.ownership.stop();
	}

	/** Starts before and stops after the listener containers, which ask it. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 200;
	}

	@Override
	public boolean isRunning() {
		return this.ownership.isRunning();
	}

}
