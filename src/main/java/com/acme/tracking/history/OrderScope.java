package com.acme.tracking.history;

import org.jspecify.annotations.Nullable;

/**
 * Whose orders a history query may return: a predicate of the query itself, so that the
 * warehouse never hands back an order the caller may not see (nothing is filtered after
 * fetching). An order belongs to the customer and partner of its {@code CREATED} event.
 *
 * @param everyone any order (support, or an order whose owner the hot state has already
 * matched to the caller)
 * @param customerId orders of this customer
 * @param partnerId orders of this partner
 */
public record OrderScope(boolean everyone, @Nullable String customerId, @Nullable String partnerId) {

	/** Any order. */
	public static OrderScope any() {
		return new OrderScope(true, null, null);
	}

	/**
	 * Orders of this customer or of this partner (either may be null: none of that kind).
	 */
	public static OrderScope of(@Nullable String customerId, @Nullable String partnerId) {
		return new OrderScope(false, customerId, partnerId);
	}

	/**
	 * Whether no order at all is in scope (a caller who is neither customer nor partner).
	 */
	public boolean isEmpty() {
		return !this.everyone && this.customerId == null && this.partnerId == null;
	}

}
