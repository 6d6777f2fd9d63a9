package com.acme.tracking.webhook;

import java.time.Clock;
import java.util.Collection;

/**
 * The privacy module's handle on webhook data: withholds partners' notifications of
 * orders (an erased customer's): what is queued for them is given up and nothing more is
 * sent or replayed; and deletes the delivery log's ended entries past their retention.
 * There is one only where the operational database is set.
 */
public class WithheldOrders {

	private final DeliveryLog log;

	private final Clock clock;

	WithheldOrders(DeliveryLog log, Clock clock) {
		this.log = log;
		this.clock = clock;
	}

	/**
	 * Withholds these orders' notifications; answers how many queued ones were given up.
	 */
	public int withhold(Collection<String> orderIds) {
		return this.log.withhold(orderIds, this.clock.instant());
	}

	/**
	 * Deletes at most {@code rows} delivered or given-up deliveries logged before
	 * {@code cutoff}, and withheld orders withheld before it; answers how many rows.
	 */
	public int deleteEndedBefore(java.time.Instant cutoff, int rows) {
		return this.log.deleteEndedBefore(cutoff, rows);
	}

}
