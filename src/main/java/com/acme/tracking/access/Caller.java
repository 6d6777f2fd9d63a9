package com.acme.tracking.access;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Who is asking: the subject and roles of a valid JWT, or the holder of a share link.
 * What such a caller may see of an order is the order's rule ({@code delivery.Audience},
 * {@code delivery.CourierVisibility}), not this module's.
 *
 * @param id the token's {@code sub}, or {@code share-link} for a share-link holder
 * @param roles the token's roles
 * @param partnerId the token's {@code partner_id} claim, for partners
 * @param sharedOrderId the one order a share link shows, for share-link holders
 */
public record Caller(String id, Set<Role> roles, @Nullable String partnerId, @Nullable String sharedOrderId) {

	/** The roles of the {@code roles} claim. */
	public enum Role {

		CUSTOMER, PARTNER, SUPPORT,
		/** Support leads who read the audit trail ({@code GET /v1/audit}). */
		AUDIT

	}

	public static Caller shareLink(String orderId) {
		return new Caller("share-link", Set.of(), null, orderId);
	}

	public boolean isSupport() {
		return this.roles.contains(Role.SUPPORT);
	}

	/** Whether this caller may read the audit trail. */
	public boolean isAuditor() {
		return this.roles.contains(Role.AUDIT);
	}

	/** Whether this caller is that partner (a partner's token for it). */
	public boolean isPartner(@Nullable String partnerId) {
		return this.roles.contains(Role.PARTNER) && this.partnerId != null && this.partnerId.equals(partnerId);
	}

	/** Whether this caller holds a share link to that order. */
	public boolean holdsShareLinkTo(String orderId) {
		return orderId.equals(this.sharedOrderId);
	}

	/**
	 * Whether this caller owns an order of this customer (may create share links for it).
	 */
	public boolean owns(@Nullable String customerId) {
		return this.roles.contains(Role.CUSTOMER) && this.id.equals(customerId);
	}

}
