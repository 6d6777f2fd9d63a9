package com.acme.tracking.history;

import java.sql.Timestamp;

import org.jspecify.annotations.Nullable;

/**
 * One row of {@code delivery_events}.
 *
 * @param eventId the event (reads drop duplicates by it)
 * @param orderId the order
 * @param type the event type
 * @param occurredAt when it happened
 * @param customerId the customer (CREATED)
 * @param partnerId the partner (CREATED)
 * @param destinationLat destination latitude
 * @param destinationLon destination longitude
 * @param courierId the courier
 * @param locationLat where the courier was, latitude
 * @param locationLon where the courier was, longitude
 * @param ingestedAt when the writer wrote it
 * @param partition its Kafka partition
 * @param offset its Kafka offset
 */
public record EventRow(String eventId, String orderId, String type, Timestamp occurredAt, @Nullable String customerId,
		@Nullable String partnerId, @Nullable Double destinationLat, @Nullable Double destinationLon,
		@Nullable String courierId, @Nullable Double locationLat, @Nullable Double locationLon, Timestamp ingestedAt,
		int partition, long offset) {

	static final String COLUMNS = "event_id, order_id, type, occurred_at, customer_id, partner_id, destination_lat, "
			+ "destination_lon, courier_id, location_lat, location_lon, ingested_at, kafka_partition, kafka_offset";

	Object[] values() {
		return new Object[] { this.eventId, this.orderId, this.type, this.occurredAt, this.customerId, this.partnerId,
				this.destinationLat, this.destinationLon, this.courierId, this.locationLat, this.locationLon,
				this.ingestedAt, this.partition, this.offset };
	}

}
