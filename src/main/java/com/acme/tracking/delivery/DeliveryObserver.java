package com.acme.tracking.delivery;

/**
 * Hears of the orders' changes. Runs on the ingest thread: keep it fast, non-blocking and
 * free of I/O (hand off to a queue).
 */
public interface DeliveryObserver {

	/** An order's visible state changed. */
	void changed(DeliveryChanged change);

	/**
	 * The courier an order is assigned to or carried by sent a fix that became its
	 * position (after {@link #changed} for what the fix changed).
	 */
	default void courierMoved(OrderCourierMoved moved) {
	}

}
