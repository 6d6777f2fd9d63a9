package com.acme.tracking.shared.kafka;

/**
 * The consumer group id of this replica's live ingest (listeners name it as
 * {@code groupId = "#{@liveConsumerGroup.id}"}).
 *
 * @param id the group id
 */
public record LiveConsumerGroup(String id) {
}
