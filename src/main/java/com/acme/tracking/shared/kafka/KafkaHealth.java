package com.acme.tracking.shared.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Health of the Kafka side. {@code kafka} (in readiness): the cluster answers a metadata
 * request within two seconds (checked at most every ten seconds); when it does not, the
 * status is {@link #DEGRADED}, which readiness shows but answers with HTTP 200: the
 * replica keeps serving its hot state (positions marked {@code stale} as they age), and a
 * broker outage shared by every replica must not take them all out of the load balancer.
 * {@code liveIngest} (liveness): every live listener container runs and no consumer has
 * stopped for good; an {@code Error} in a listener stops its consumer, and this turns
 * liveness DOWN so the orchestrator restarts the pod instead of leaving a replica that no
 * longer moves.
 */
class KafkaHealth {

	/** Serving, but a dependency is missing: the data may be old. HTTP 200. */
	static final Status DEGRADED = new Status("DEGRADED", "Kafka cannot be reached: serving the hot state as it is");

	private KafkaHealth() {
	}

	@Component("kafka")
	static class Reachable implements HealthIndicator, AutoCloseable {

		private static final long CACHE_NANOS = Duration.ofSeconds(10).toNanos();

		private final KafkaAdmin admin;

		private @Nullable AdminClient client;

		private volatile @Nullable Health last;

		private volatile long checkedAt;

		Reachable(KafkaAdmin admin) {
			this.admin = admin;
		}

		@Override
		public synchronized Health health() {
			Health cached = this.last;
			if (cached != null && System.nanoTime() - this.checkedAt < CACHE_NANOS) {
				return cached;
			}
			Health health;
			try {
				if (this.client == null) {
					this.client = AdminClient.create(this.admin.getConfigurationProperties());
				}
				int nodes = this.client.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
					.nodes()
					.get(2, TimeUnit.SECONDS)
					.size();
				health = Health.up().withDetail("brokers", nodes).build();
			}
			catch (Exception ex) {
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
				health = Health.status(DEGRADED)
					.withDetail("error", "Kafka did not answer: " + ex.getClass().getSimpleName())
					.build();
			}
			this.last = health;
			this.checkedAt = System.nanoTime();
			return health;
		}

		@Override
		public synchronized void close() {
			if (this.client != null) {
				this.client.close(Duration.ofSeconds(2));
			}
		}

	}

	@Component("liveIngest")
	static class Running implements HealthIndicator {

		private final KafkaListenerEndpointRegistry listeners;

		/** Consumers that stopped for good, by container, with the reason. */
		private final Map<String, String> failed = new java.util.concurrent.ConcurrentHashMap<>();

		Running(KafkaListenerEndpointRegistry listeners) {
			this.listeners = listeners;
		}

		/**
		 * A consumer thread that ends for any reason but a normal stop (an {@code Error}
		 * in the listener, lost authorization, no offset to start from) does not come
		 * back by itself. Recorded from the container's own event: whether its running
		 * flags still say so depends on how far its stop got (an Error can also break the
		 * stop).
		 */
		@org.springframework.context.event.EventListener
		void stopped(org.springframework.kafka.event.ConsumerStoppedEvent event) {
			if (event.getReason() != org.springframework.kafka.event.ConsumerStoppedEvent.Reason.NORMAL) {
				String container = (event.getSource() instanceof MessageListenerContainer source)
						? String.valueOf(source.getListenerId()) : String.valueOf(event.getSource());
				this.failed.put(container, event.getReason().name());
			}
		}

		@Override
		public Health health() {
			Map<String, Boolean> running = new java.util.TreeMap<>();
			for (MessageListenerContainer container : this.listeners.getListenerContainers()) {
				String id = container.getListenerId();
				if (id != null && id.startsWith("live-")) {
					// isRunning() alone stays true when one child of a concurrent
					// container
					// stopped on an Error; isInExpectedState() asks every child
					running.put(id, container.isRunning() && container.isInExpectedState());
				}
			}
			boolean up = !running.isEmpty() && !running.containsValue(false) && this.failed.isEmpty();
			Health.Builder health = (up ? Health.up() : Health.down()).withDetail("containers", running);
			return (this.failed.isEmpty() ? health : health.withDetail("stopped", Map.copyOf(this.failed))).build();
		}

	}

}
