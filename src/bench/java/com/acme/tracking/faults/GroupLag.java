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
 * {@code GroupLag <bootstrap> <group> [jdbc url]}: the group's committed offsets against
 * the end of each partition it has committed, summed: {@code committed C, end E, lag L}.
 * With the warehouse's JDBC URL (the history writer's group), also how many of the
 * positions below the committed offsets are in the warehouse: all of them, or the writer
 * committed what it had not written.
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
			if (args.length > 2) {
				long below = 0;
				long written = 0;
				try (java.sql.Connection jdbc = java.sql.DriverManager.getConnection(args[2], "postgres", "postgres")) {
					for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
						if (!entry.getKey().topic().equals(com.acme.tracking.shared.Topics.COURIER_POSITIONS)) {
							continue;
						}
						below += entry.getValue().offset();
						try (java.sql.PreparedStatement count = jdbc.prepareStatement(
								"select count(distinct kafka_offset) from courier_positions where kafka_partition = ? "
										+ "and kafka_offset < ?")) {
							count.setInt(1, entry.getKey().partition());
							count.setLong(2, entry.getValue().offset());
							try (java.sql.ResultSet rows = count.executeQuery()) {
								rows.next();
								written += rows.getLong(1);
							}
						}
					}
				}
				System.out.printf("positions below the committed offsets: %d, of them in the warehouse: %d%n", below,
						written);
			}
		}
	}

}
