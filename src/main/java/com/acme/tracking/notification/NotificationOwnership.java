package com.acme.tracking.notification;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.kafka.PartitionOwnership;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Which orders this replica publishes notifications for: those whose partition of
 * {@value Topics#DELIVERY_EVENTS} it owns ({@link PartitionOwnership}) in one consumer
 * group shared by the fleet ({@code tracking.notification.group}), so each notification
 * is published once by the fleet.
 */
@Component
public class NotificationOwnership implements SmartLifecycle {

	private final PartitionOwnership ownership;

	NotificationOwnership(ConsumerFactory<String, byte[]> consumers, NotificationSettings settings) {
		this.ownership = new PartitionOwnership(consumers, settings.group(), "notifications",
				List.of(Topics.DELIVERY_EVENTS), new Properties());
	}

	/** Whether this replica publishes the notifications of {@code orderId}. */
	boolean owns(String orderId) {
		int count = this.ownership.partitions();
		if (count == 0) {
			return false;
		}
		int partition = Utils.toPositive(Utils.murmur2(orderId.getBytes(StandardCharsets.UTF_8))) % count;
		return this.ownership.holds(new TopicPartition(Topics.DELIVERY_EVENTS, partition));
	}

	/** The partitions of the delivery events this replica owns now. */
	public Set<Integer> owned() {
		return this.ownership.held().stream().map(TopicPartition::partition).collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public void start() {
		this.ownership.start();
	}

	@Override
	public void stop() {
		this.ownership.stop();
	}

	@Override
	public boolean isRunning() {
		return this.ownership.isRunning();
	}

}
