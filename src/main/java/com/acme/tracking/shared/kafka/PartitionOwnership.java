package com.acme.tracking.shared.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.ConsumerFactory;

/**
 * The partitions of some topics this replica owns in one consumer group shared by the
 * fleet: Kafka's rebalancing gives every partition exactly one owner, so work done only
 * by the owner is done once by the fleet (notifications, dead letters). The consumer only
 * holds the assignment: its partitions stay paused, it reads nothing. Runs on its own
 * thread between {@link #start()} and {@link #stop()}.
 */
public final class PartitionOwnership {

	private static final Logger log = LoggerFactory.getLogger(PartitionOwnership.class);

	private final ConsumerFactory<String, byte[]> consumers;

	private final String group;

	private final String name;

	private final List<String> topics;

	private final Properties properties;

	private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();

	/**
	 * True between an assignment and the next revocation: {@link #owned} is the truth.
	 */
	private volatile boolean known;

	/** Partitions of the first topic, read at the first assignment; 0 before. */
	private volatile int partitions;

	private volatile boolean running;

	private @Nullable Thread thread;

	private volatile @Nullable Consumer<String, byte[]> consumer;

	private volatile java.util.function.Consumer<Set<TopicPartition>> whenAssigned = (assigned) -> {
	};

	/**
	 * @param name names the client ({@code -name}) and the thread
	 * ({@code name-ownership})
	 * @param properties consumer properties beside the factory's
	 */
	public PartitionOwnership(ConsumerFactory<String, byte[]> consumers, String group, String name, List<String> topics,
			Properties properties) {
		this.consumers = consumers;
		this.group = group;
		this.name = name;
		this.topics = List.copyOf(topics);
		this.properties = properties;
	}

	/**
	 * Whether the assignment is known now (not before the first, nor during a rebalance).
	 */
	public boolean known() {
		return this.known;
	}

	/**
	 * Calls the listener, on the ownership thread, with the partitions of each assignment
	 * once {@link #holds} answers for them. Set before {@link #start()}.
	 */
	public void whenAssigned(java.util.function.Consumer<Set<TopicPartition>> listener) {
		this.whenAssigned = listener;
	}

	/** Whether this replica holds that partition now. */
	public boolean holds(TopicPartition partition) {
		return this.owned.contains(partition);
	}

	/** The partitions this replica holds now. */
	public Set<TopicPartition> held() {
		return Set.copyOf(this.owned);
	}

	/** How many partitions the first topic has, 0 before the first assignment. */
	public int partitions() {
		return this.partitions;
	}

	public void start() {
		this.running = true;
		Thread loop = new Thread(this::run, this.name + "-ownership");
		loop.setDaemon(true);
		this.thread = loop;
		loop.start();
	}

	private void run() {
		try (Consumer<String, byte[]> owner = this.consumers.createConsumer(this.group, null, "-" + this.name,
				this.properties)) {
			this.consumer = owner;
			owner.subscribe(this.topics, new ConsumerRebalanceListener() {

				@Override
				public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
					owner.pause(assigned);
					PartitionOwnership.this.partitions = owner.partitionsFor(PartitionOwnership.this.topics.get(0))
						.size();
					PartitionOwnership.this.owned.addAll(assigned);
					PartitionOwnership.this.known = true;
					try {
						PartitionOwnership.this.whenAssigned.accept(Set.copyOf(assigned));
					}
					catch (RuntimeException ex) {
						log.warn("The {} ownership's assignment listener failed: {}", PartitionOwnership.this.name,
								ex.toString());
					}
				}

				@Override
				public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
					PartitionOwnership.this.known = false;
					PartitionOwnership.this.owned.removeAll(revoked);
				}

				@Override
				public void onPartitionsLost(Collection<TopicPartition> lost) {
					onPartitionsRevoked(lost);
				}

			});
			while (this.running) {
				owner.poll(Duration.ofMillis(500));
			}
		}
		catch (WakeupException ex) {
			// stopping
		}
		catch (RuntimeException ex) {
			log.error("The {} ownership consumer failed; this replica holds no partition of {} from now on", this.name,
					this.group, ex);
		}
		finally {
			this.known = false;
			this.owned.clear();
			this.consumer = null;
		}
	}

	public void stop() {
		this.running = false;
		Consumer<String, byte[]> owner = this.consumer;
		if (owner != null) {
			owner.wakeup();
		}
		Thread loop = this.thread;
		if (loop != null) {
			try {
				loop.join(Duration.ofSeconds(10).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	public boolean isRunning() {
		return this.running;
	}

}
