package com.acme.tracking.history;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A delivery event as the warehouse holds it.
 *
 * @param eventId the event
 * @param type what happened
 * @param occurredAt when
 * @param customerId the customer (CREATED)
 * @param partnerId the partner (CREATED)
 * @param courierId the courier
 * @param locationLat where the courier was, latitude
 * @param locationLon where the courier was, longitude
 */
public record HistoricEvent(String eventId, com.acme.tracking.delivery.DeliveryStatus type, Instant occurredAt,
		@Nullable String customerId, @Nullable String partnerId, @Nullable String courierId,
		@Nullable Double locationLat, @Nullable Double locationLon) {
}
