package com.acme.tracking.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.acme.tracking.shared.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Which orders this replica publishes notifications for: those whose partition of
 * {@value Topics#DELIVERY_EVENTS} it owns in one consumer group shared by the fleet
 * ({@code tracking.live.notification-group}). The consumer only holds the assignment: its
 * partitions stay paused, so it reads nothing. Kafka's rebalancing gives every partition
 * exactly one owner, so each notification is published once by the fleet.
 */
@Component
class NotificationOwnership implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(NotificationOwnership.class);

	private final ConsumerFactory<String, byte[]> consumers;

	private final LiveSettings settings;

	private final Set<Integer> owned = ConcurrentHashMap.newKeySet();

	private volatile int partitions;

	private volatile boolean running;

	private @Nullable Thread thread;

	private volatile @Nullable Consumer<String, byte[]> consumer;

	NotificationOwnership(ConsumerFactory<String, byte[]> consumers, LiveSettings settings) {
		this.consumers = consumers;
		this.settings = settings;
	}

	/** Whether this replica publishes the notifications of {@code orderId}. */
	boolean owns(String orderId) {
		int count = this.partitions;
		if (count == 0) {
			return false;
		}
		int partition = Utils.toPositive(Utils.murmur2(orderId.getBytes(StandardCharsets.UTF_8))) % count;
		return this.owned.contains(partition);
	}

	/** The partitions this replica owns now. */
	Set<Integer> owned() {
		return Set.copyOf(this.owned);
	}

	@Override
	public void start() {
		this.running = true;
		Thread loop = new Thread(this::run, "notification-ownership");
		loop.setDaemon(true);
		this.thread = loop;
		loop.start();
	}

	private void run() {
		try (Consumer<String, byte[]> owner = this.consumers.createConsumer(this.settings.notificationGroup(), null,
				"-notifications")) {
			this.consumer = owner;
			owner.subscribe(List.of(Topics.DELIVERY_EVENTS), new ConsumerRebalanceListener() {

				@Override
				public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
					owner.pause(assigned);
					NotificationOwnership.this.partitions = owner.partitionsFor(Topics.DELIVERY_EVENTS).size();
					assigned.forEach((tp) -> NotificationOwnership.this.owned.add(tp.partition()));
				}

				@Override
				public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
					revoked.forEach((tp) -> NotificationOwnership.this.owned.remove(tp.partition()));
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
			log.error("Notification ownership consumer failed; this replica publishes no notifications", ex);
		}
		finally {
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

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
