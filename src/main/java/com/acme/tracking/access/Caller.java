package com.acme.tracking.access;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Who is asking: the subject and roles of a valid JWT, or the holder of a share link.
 *
 * @param id the token's {@code sub}, or {@code share-link} for a share-link holder
 * @param roles the token's roles
 * @param partnerId the token's {@code partner_id} claim, for partners
 * @param sharedOrderId the one order a share link shows, for share-link holders
 */
public record Caller(String id, Set<Role> roles, @Nullable String partnerId, @Nullable String sharedOrderId) {

	/** The roles of the {@code roles} claim. */
	public enum Role {

		CUSTOMER, PARTNER, SUPPORT

	}

	/** How much of an order a caller sees. */
	public enum View {

		/** Support: everything, the courier's id included. */
		SUPPORT,
		/** The order's partner: the courier from assignment on, with its id. */
		PARTNER,
		/**
		 * The owner customer or a share link: the courier only between pickup and the
		 * end, never its id.
		 */
		CUSTOMER;

		/** Whether the courier's position shows while it drives to the pickup. */
		public boolean seesCourierBeforePickup() {
			return this != CUSTOMER;
		}

		/** Whether the courier's id shows. */
		public boolean seesCourierId() {
			return this != CUSTOMER;
		}

	}

	public static Caller shareLink(String orderId) {
		return new Caller("share-link", Set.of(), null, orderId);
	}

	public boolean isSupport() {
		return this.roles.contains(Role.SUPPORT);
	}

	/**
	 * What this caller sees of an order with this owner and partner, or null when it may
	 * not see it at all (the caller is then told the order does not exist).
	 */
	public @Nullable View viewOf(String orderId, @Nullable String customerId, @Nullable String partnerId) {
		if (isSupport()) {
			return View.SUPPORT;
		}
		if (this.roles.contains(Role.PARTNER) && this.partnerId != null && this.partnerId.equals(partnerId)) {
			return View.PARTNER;
		}
		if (this.roles.contains(Role.CUSTOMER) && this.id.equals(customerId)) {
			return View.CUSTOMER;
		}
		if (orderId.equals(this.sharedOrderId)) {
			return View.CUSTOMER;
		}
		return null;
	}

	/**
	 * Whether this caller owns an order of this customer (may create share links for it).
	 */
	public boolean owns(@Nullable String customerId) {
		return this.roles.contains(Role.CUSTOMER) && this.id.equals(customerId);
	}

}
