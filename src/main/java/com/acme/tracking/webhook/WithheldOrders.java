package com.acme.tracking.webhook;

import java.time.Clock;
import java.util.Collection;

/**
 * Withholds partners' notifications of orders (an erased customer's, for the privacy
 * module): what is queued for them is given up and nothing more is sent or replayed.
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

}
