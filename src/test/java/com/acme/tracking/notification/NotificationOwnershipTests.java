package com.acme.tracking.notification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;

import com.acme.tracking.shared.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.ConsumerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which orders a replica publishes notifications for, given the partitions of the
 * delivery events it owns: exactly the orders whose events the producers' partitioner
 * puts on those partitions (key: the order id), none before the first assignment or after
 * a revocation, and each order by one replica of two that split the partitions. Kafka's
 * {@link MockConsumer} stands for the group: no broker.
 */
class NotificationOwnershipTests {

	static final int PARTITIONS = 12;

	static final List<String> ORDERS = IntStream.range(0, 1000).mapToObj((i) -> "order-" + i).toList();

	private final List<Replica> replicas = new ArrayList<>();

	@AfterEach
	void stop() {
		this.replicas.forEach((replica) -> replica.ownership.stop());
	}

	@Test
	void aReplicaPublishesForTheOrdersOnThePartitionsItOwns() {
		Replica replica = start();
		replica.assign(0, 1, 2, 3, 4, 5);
		Set<Integer> owned = Set.of(0, 1, 2, 3, 4, 5);
		for (String orderId : ORDERS) {
			assertThat(replica.ownership.owns(orderId)).as(orderId).isEqualTo(owned.contains(partitionOf(orderId)));
		}
		assertThat(ORDERS.stream().filter(replica.ownership::owns).count()).as("about half").isBetween(400L, 600L);
	}

	@Test
	void aReplicaPublishesForNoOrderBeforeItsFirstAssignment() {
		Replica replica = start();
		assertThat(ORDERS.stream().filter(replica.ownership::owns)).isEmpty();
	}

	@Test
	void aRevokedPartitionsOrdersAreNoLongerPublishedByThisReplica() {
		Replica replica = start();
		replica.assign(0, 1, 2, 3, 4, 5);
		replica.assign(0, 1, 2);
		for (String orderId : ORDERS) {
			assertThat(replica.ownership.owns(orderId)).as(orderId).isEqualTo(partitionOf(orderId) < 3);
		}
	}

	@Test
	void twoReplicasSplittingThePartitionsPublishEachOrderOnce() {
		Replica one = start();
		one.assign(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
		// a second replica joins: the group gives it half of the partitions
		Replica two = start();
		one.assign(0, 2, 4, 6, 8, 10);
		two.assign(1, 3, 5, 7, 9, 11);
		for (String orderId : ORDERS) {
			assertThat(one.ownership.owns(orderId)).as(orderId).isNotEqualTo(two.ownership.owns(orderId));
		}
	}

	/** Where the producers put an order's events: the default partitioner of its key. */
	private static int partitionOf(String orderId) {
		return BuiltInPartitioner.partitionForKey(orderId.getBytes(StandardCharsets.UTF_8), PARTITIONS);
	}

	private Replica start() {
		Replica replica = new Replica();
		replica.ownership.start();
		this.replicas.add(replica);
		return replica;
	}

	/** One replica's ownership, its group membership played by a MockConsumer. */
	static final class Replica {

		final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest") {

			@Override
			public ConsumerRecords<String, byte[]> poll(Duration timeout) {
				// the mock returns at once; a real poll waits
				try {
					Thread.sleep(2);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return super.poll(timeout);
			}

		};

		final NotificationOwnership ownership;

		Replica() {
			List<PartitionInfo> partitions = new ArrayList<>();
			Map<TopicPartition, Long> beginnings = new HashMap<>();
			Node node = new Node(0, "localhost", 9092);
			for (int p = 0; p < PARTITIONS; p++) {
				partitions
					.add(new PartitionInfo(Topics.DELIVERY_EVENTS, p, node, new Node[] { node }, new Node[] { node }));
				beginnings.put(new TopicPartition(Topics.DELIVERY_EVENTS, p), 0L);
			}
			this.consumer.updatePartitions(Topics.DELIVERY_EVENTS, partitions);
			this.consumer.updateBeginningOffsets(beginnings);
			this.ownership = new NotificationOwnership(new ConsumerFactory<>() {

				@Override
				public Consumer<String, byte[]> createConsumer(@Nullable String groupId, @Nullable String prefix,
						@Nullable String suffix, @Nullable Properties properties) {
					return Replica.this.consumer;
				}

				@Override
				public boolean isAutoCommit() {
					return false;
				}

			}, new NotificationSettings("tracking-notifications"));
		}

		/** The group's rebalance gives this replica these partitions (and no others). */
		void assign(Integer... partitions) {
			List<TopicPartition> assigned = Arrays.stream(partitions)
				.map((p) -> new TopicPartition(Topics.DELIVERY_EVENTS, p))
				.toList();
			this.consumer.schedulePollTask(() -> this.consumer.rebalance(assigned));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.ownership.owned().equals(Set.of(partitions)));
		}

	}

}
