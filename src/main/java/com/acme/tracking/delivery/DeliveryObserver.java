package com.acme.tracking.delivery;

/**
 * Hears of every visible change of an order. Runs on the ingest thread: keep it fast,
 * non-blocking and free of I/O (hand off to a queue).
 */
public interface DeliveryObserver {

	void changed(DeliveryChanged change);

}
