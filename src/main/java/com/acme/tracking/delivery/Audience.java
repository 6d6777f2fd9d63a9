package com.acme.tracking.delivery;

import com.acme.tracking.access.Caller;
import com.acme.tracking.shared.CustomerIds;
import org.jspecify.annotations.Nullable;

/**
 * Who a caller is to one order: what {@link CourierVisibility} decides what they see by.
 * {@link com.acme.tracking.access.Caller} says who is calling; this says what that caller
 * is to the order, and that a caller with none of these relations does not learn that the
 * order exists.
 */
public enum Audience {

	/** Support: any order. */
	SUPPORT,
	/** The partner that created the order. */
	PARTNER,
	/** The customer who owns the order, or the holder of a share link to it. */
	CUSTOMER;

	/**
	 * What {@code caller} is to an order with this owner and partner, or null when it is
	 * nothing to it (it is then told the order does not exist).
	 */
	public static @Nullable Audience of(Caller caller, String orderId, @Nullable String customerId,
			@Nullable String partnerId) {
		if (caller.isSupport()) {
			return SUPPORT;
		}
		if (caller.isPartner(partnerId)) {
			return PARTNER;
		}
		if (caller.owns(customerId)) {
			return CUSTOMER;
		}
		// an erased customer's share links are revoked: the order is named by a pseudonym
		if (caller.holdsShareLinkTo(orderId) && !CustomerIds.isPseudonym(customerId)) {
			return CUSTOMER;
		}
		return null;
	}

}
