package com.acme.tracking.faults;

import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code GroupLag <bootstrap> <group>}: the group's committed offsets against the end of
 * each partition it has committed, summed: {@code committed C, end E, lag L}.
 */
public final class GroupLag {

	private GroupLag() {
	}

	public static void main(String[] args) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(args[1])
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, ListOffsetsResultInfo> ends = admin
				.listOffsets(
						committed.keySet().stream().collect(Collectors.toMap((tp) -> tp, (tp) -> OffsetSpec.latest())))
				.all()
				.get();
			long c = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
			long e = ends.values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
			System.out.printf("committed %d, end %d, lag %d%n", c, e, e - c);
		}
	}

}
