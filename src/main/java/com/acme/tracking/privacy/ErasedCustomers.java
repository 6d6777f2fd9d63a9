package com.acme.tracking.privacy;

import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.shared.CustomerIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Every replica's knowledge of the erased customers: read at start, before ingest begins
 * (so that events replayed from Kafka name an erased customer by its pseudonym), and
 * every {@code tracking.privacy.erasure.sync} after, when the hot state forgets the
 * customers erased elsewhere.
 */
class ErasedCustomers {

	private static final Logger log = LoggerFactory.getLogger(ErasedCustomers.class);

	private final Erasures erasures;

	private final CustomerIds customers;

	private final DeliveryStates deliveries;

	private volatile long lastSeq;

	ErasedCustomers(Erasures erasures, CustomerIds customers, DeliveryStates deliveries) {
		this.erasures = erasures;
		this.customers = customers;
		this.deliveries = deliveries;
		try {
			sync();
		}
		catch (RuntimeException ex) {
			log.error("Could not read the erased customers at start; retrying every sync", ex);
		}
	}

	@Scheduled(fixedDelayString = "${tracking.privacy.erasure.sync:5s}")
	void scheduledSync() {
		try {
			sync();
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the erased customers: {}", ex.getMessage());
		}
	}

	void sync() {
		Erasures.Erased erased = this.erasures.erasedAfter(this.lastSeq);
		if (!erased.pseudonyms().isEmpty()) {
			this.customers.erase(erased.pseudonyms());
			this.deliveries.forgetErased(this.customers);
		}
		this.lastSeq = erased.lastSeq();
	}

}
