package com.acme.tracking.delivery;

/**
 * Where an order is in its life. Status only moves forward:
 * {@code CREATED → COURIER_ASSIGNED → PICKED_UP → OUT_FOR_DELIVERY → DELIVERED}, and
 * {@code CANCELLED} from any status that has not ended.
 */
public enum DeliveryStatus {

	CREATED, COURIER_ASSIGNED, PICKED_UP, OUT_FOR_DELIVERY, DELIVERED, CANCELLED;

	/** Whether the order has ended (delivered or cancelled). */
	public boolean ended() {
		return this == DELIVERED || this == CANCELLED;
	}

	/** Whether the courier carries the order: its positions are the order's positions. */
	public boolean inTransit() {
		return this == PICKED_UP || this == OUT_FOR_DELIVERY;
	}

	/** Whether moving from this status to {@code next} is a step forward. */
	public boolean canMoveTo(DeliveryStatus next) {
		return !ended() && next.ordinal() > ordinal();
	}

}
