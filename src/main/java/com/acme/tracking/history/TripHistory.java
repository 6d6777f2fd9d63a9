package com.acme.tracking.history;

import java.time.Instant;

import com.acme.tracking.delivery.EtaModel;

/** Where the ETA learns from: delivered trips, fed to a model builder. */
@FunctionalInterface
interface TripHistory {

	/**
	 * Feeds the most recent {@code maxOrders} orders delivered in [from, to) to
	 * {@code into}: each trip, and its carrying couriers' fixes between the pickup and
	 * the arrival.
	 */
	void read(Instant from, Instant to, int maxOrders, EtaModel.Builder into);

}
