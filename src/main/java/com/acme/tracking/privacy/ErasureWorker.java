package com.acme.tracking.privacy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.acme.tracking.access.AuditLog;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.history.Warehouse;
import com.acme.tracking.shared.CustomerIds;
import com.acme.tracking.webhook.WithheldOrders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs erasures, one at a time per replica, each in steps that may all run again (a
 * replica that dies midway leaves its lease to pass, and another runs the erasure again
 * from the start): the customer joins the erased set (from then on every event naming it
 * is read with its pseudonym); its orders are found (warehouse and hot state); their
 * partner notifications are withheld; once every replica has had the time to learn of the
 * erasure (twice {@code sync} after the request), history names the pseudonym and keeps
 * coarsened places; the hot state renames the customer; the erasure is done and the id
 * forgotten.
 */
class ErasureWorker extends BackgroundWorker {

	private static final Logger log = LoggerFactory.getLogger(ErasureWorker.class);

	/** Told as each step ends (tests stop a run there). */
	interface StepObserver {

		void reached(UUID erasure, String step) throws InterruptedException;

	}

	private final Erasures erasures;

	private final Warehouse warehouse;

	private final DeliveryStates deliveries;

	private final CustomerIds customers;

	private final @Nullable WithheldOrders withheld;

	private final AuditLog audit;

	private final ErasureSettings settings;

	volatile StepObserver observer = (erasure, step) -> {
	};

	ErasureWorker(Erasures erasures, Warehouse warehouse, DeliveryStates deliveries, CustomerIds customers,
			@Nullable WithheldOrders withheld, AuditLog audit, ErasureSettings settings) {
		super("erasures");
		this.erasures = erasures;
		this.warehouse = warehouse;
		this.deliveries = deliveries;
		this.customers = customers;
		this.withheld = withheld;
		this.audit = audit;
		this.settings = settings;
	}

	@Override
	void work() {
		while (running()) {
			Erasures.Erasure claimed = null;
			try {
				claimed = this.erasures.claim(this.settings.lease()).orElse(null);
				if (claimed == null) {
					Thread.sleep(this.settings.poll().toMillis());
					continue;
				}
				erase(claimed);
			}
			catch (InterruptedException ex) {
				// stopped (or killed) midway: the lease passes and the erasure runs again
				return;
			}
			catch (RuntimeException ex) {
				if (!running()) {
					return;
				}
				log.error("Erasure {} failed; it is tried again when its lease has passed",
						(claimed != null) ? claimed.id() : "-", ex);
				if (claimed != null) {
					this.erasures.failed(claimed.id(), String.valueOf(ex.getMessage()));
				}
				try {
					Thread.sleep(this.settings.poll().toMillis());
				}
				catch (InterruptedException stopped) {
					return;
				}
			}
		}
	}

	private void erase(Erasures.Erasure erasure) throws InterruptedException {
		UUID id = erasure.id();
		String pseudonym = erasure.pseudonym();
		String customerId = erasure.customerId();
		if (customerId == null) {
			// only a done erasure has forgotten the id
			this.erasures.done(id);
			return;
		}
		this.customers.erase(List.of(pseudonym));
		Set<String> orders = new TreeSet<>(this.warehouse.ordersOf(customerId, pseudonym));
		orders.addAll(this.deliveries.ordersOf(customerId, pseudonym));
		this.erasures.progress(id, "orders_found", orders.size());
		this.observer.reached(id, "orders");
		int withheldNow = (this.withheld != null) ? this.withheld.withhold(orders) : 0;
		this.erasures.progress(id, "deliveries_withheld", withheldNow);
		this.observer.reached(id, "withheld");
		// every replica's history writer knows the customer is erased (ErasedCustomers)
		// before history is renamed, so that none stores the id after the rename
		long wait = Duration.between(Instant.now(), erasure.requestedAt().plus(this.settings.sync().multipliedBy(2)))
			.toMillis();
		if (wait > 0) {
			Thread.sleep(wait);
		}
		int renamed = this.warehouse.erase(customerId, pseudonym, List.copyOf(orders));
		this.erasures.progress(id, "rows_renamed", renamed);
		this.observer.reached(id, "warehouse");
		this.deliveries.forgetErased(this.customers);
		this.erasures.done(id);
		this.observer.reached(id, "done");
		this.audit.system("erasure-done", "erasure:" + id + " customer:" + pseudonym, "privacy",
				"orders=" + orders.size());
		log.info("Erasure {} done: {} orders, {} rows renamed", id, orders.size(), renamed);
	}

}
