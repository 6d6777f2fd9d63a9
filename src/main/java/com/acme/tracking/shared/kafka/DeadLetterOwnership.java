package com.acme.tracking.shared.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.acme.tracking.shared.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Which input partitions this replica publishes the live ingest's dead letters for: those
 * it owns in one consumer group shared by the fleet
 * ({@code tracking.ingest.dead-letter-group}). Every replica reads every record, so every
 * replica finds the same bad records; Kafka's rebalancing gives each partition one owner,
 * so each dead letter is published once by the fleet. The consumer only holds the
 * assignment: its partitions stay paused, it reads nothing.
 *
 * <p>
 * While the assignment is not known (before the first one, during a rebalance, after the
 * consumer failed) this replica publishes for every partition: a dead letter may then be
 * published twice, never not at all. What remains is the time a replica that died
 * unannounced keeps its partitions, bounded by the group's session timeout
 * ({@code tracking.ingest.dead-letter-session-timeout}).
 */
@Component
public class DeadLetterOwnership implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterOwnership.class);

	private final ConsumerFactory<String, byte[]> consumers;

	private final IngestSettings settings;

	private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();

	/**
	 * True between an assignment and the next revocation: {@link #owned} is the truth.
	 */
	private volatile boolean known;

	private volatile boolean running;

	private @Nullable Thread thread;

	private volatile @Nullable Consumer<String, byte[]> consumer;

	DeadLetterOwnership(ConsumerFactory<String, byte[]> consumers, IngestSettings settings) {
		this.consumers = consumers;
		this.settings = settings;
	}

	/** Whether this replica publishes the dead letters of a record of that partition. */
	public boolean publishes(String topic, int partition) {
		return !this.known || this.owned.contains(new TopicPartition(topic, partition));
	}

	/**
	 * The partitions this replica owns now, or null while the assignment is not known.
	 */
	public @Nullable Set<TopicPartition> owned() {
		return this.known ? Set.copyOf(this.owned) : null;
	}

	@Override
	public void start() {
		this.running = true;
		Thread loop = new Thread(this::run, "dead-letter-ownership");
		loop.setDaemon(true);
		this.thread = loop;
		loop.start();
	}

	private void run() {
		Properties properties = new Properties();
		int sessionMillis = (int) this.settings.deadLetterSessionTimeout().toMillis();
		properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionMillis);
		properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(500, sessionMillis / 3));
		try (Consumer<String, byte[]> owner = this.consumers.createConsumer(this.settings.deadLetterGroup(), null,
				"-dead-letters", properties)) {
			this.consumer = owner;
			owner.subscribe(List.of(Topics.COURIER_POSITIONS, Topics.DELIVERY_EVENTS), new ConsumerRebalanceListener() {

				@Override
				public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
					owner.pause(assigned);
					DeadLetterOwnership.this.owned.addAll(assigned);
					DeadLetterOwnership.this.known = true;
				}

				@Override
				public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
					DeadLetterOwnership.this.known = false;
					DeadLetterOwnership.this.owned.removeAll(revoked);
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
			log.error("Dead-letter ownership consumer failed; this replica publishes every dead letter it finds", ex);
		}
		finally {
			this.known = false;
			this.owned.clear();
			this.consumer = null;
		}
	}

	@Override
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

	/** Starts before and stops after the listener containers, which ask it. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 200;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
