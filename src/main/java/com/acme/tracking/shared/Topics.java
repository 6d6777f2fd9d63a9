package com.acme.tracking.shared;

/** The Kafka topics of DESIGN.md, named exactly as other teams rely on them. */
public final class Topics {

	/** Delivery events, key = orderId, Avro single-object or JSON. */
	public static final String DELIVERY_EVENTS = "tracking.delivery-events.v1";

	/** Courier positions, key = courierId, Avro single-object or JSON. */
	public static final String COURIER_POSITIONS = "tracking.courier-positions.v1";

	/** Status changes and arriving/arrived, key = orderId, JSON. */
	public static final String NOTIFICATIONS = "tracking.notifications.v1";

	/**
	 * The audit trail: support reads and erasures, key = actor, JSON
	 * ({@code access.AuditRecord}).
	 */
	public static final String AUDIT = "tracking.audit.v1";

	/**
	 * Records that were not applied, with the reason in the header {@code dlt-reason}.
	 */
	public static final String DEAD_LETTER = "tracking.dead-letter.v1";

	private Topics() {
	}

}
