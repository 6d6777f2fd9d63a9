package com.acme.tracking.history;

import java.time.Instant;

import com.acme.tracking.delivery.DeliveryStatus;
import org.jspecify.annotations.Nullable;

/**
 * An order found by a search (DESIGN.md: {@code orderId, status, customerId, partnerId,
 * createdAt, updatedAt}).
 *
 * @param orderId the order
 * @param status its status as far as its events go
 * @param customerId its customer
 * @param partnerId its partner
 * @param createdAt when it was created
 * @param updatedAt time of its latest event
 */
public record OrderSummary(String orderId, DeliveryStatus status, @Nullable String customerId,
		@Nullable String partnerId, Instant createdAt, Instant updatedAt) {
}
