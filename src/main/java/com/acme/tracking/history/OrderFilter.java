package com.acme.tracking.history;

import java.time.Instant;

import com.acme.tracking.delivery.DeliveryStatus;
import org.jspecify.annotations.Nullable;

/**
 * What an order search asks for.
 *
 * @param customerId only this customer's orders
 * @param partnerId only this partner's orders
 * @param status only orders whose status is now this
 * @param from created at or after
 * @param to created before
 */
public record OrderFilter(@Nullable String customerId, @Nullable String partnerId, @Nullable DeliveryStatus status,
		Instant from, Instant to) {
}
