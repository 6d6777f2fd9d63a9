package com.acme.tracking.delivery;

import org.jspecify.annotations.Nullable;

/**
 * An order's visible state changed.
 *
 * @param before the state before, null for an order seen for the first time
 * @param after the state after
 */
public record DeliveryChanged(@Nullable Delivery before, Delivery after) {

	/** Whether the status moved. */
	public boolean statusChanged() {
		return this.before == null || this.before.status() != this.after.status();
	}

	/** Whether this change marked the order arriving. */
	public boolean becameArriving() {
		return this.after.arrivingAt() != null && (this.before == null || this.before.arrivingAt() == null);
	}

	/** Whether this change marked the order arrived. */
	public boolean becameArrived() {
		return this.after.arrivedAt() != null && (this.before == null || this.before.arrivedAt() == null);
	}

}
