package com.acme.tracking.delivery;

import java.time.Instant;

import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;

/**
 * A validated delivery event from {@code tracking.delivery-events.v1}.
 *
 * @param eventId unique per event; a second record with the same id is a duplicate
 * @param orderId the order
 * @param type what happened, as the status it moves the order to
 * @param occurredAt when it happened
 * @param customerId the customer (required on {@code CREATED})
 * @param partnerId the partner (required on {@code CREATED})
 * @param destination where the order goes (required on {@code CREATED})
 * @param courierId the courier (required on {@code COURIER_ASSIGNED})
 * @param location where the courier was when acting
 */
public record DeliveryEventReceived(String eventId, String orderId, DeliveryStatus type, Instant occurredAt,
		@Nullable String customerId, @Nullable String partnerId, @Nullable GeoPoint destination,
		@Nullable String courierId, @Nullable GeoPoint location) {
}
