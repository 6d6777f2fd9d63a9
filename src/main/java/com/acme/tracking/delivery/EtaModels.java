package com.acme.tracking.delivery;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The ETA model in use on this replica: the fallback until {@code history}'s learner
 * hands over one learned from the warehouse ({@link #use}), then the latest learned.
 * Reads are one volatile load. The bean is made in {@link DeliveryWiring}.
 */
public class EtaModels {

	private final AtomicReference<EtaModel> current;

	/** Holding {@code initial} until another is used. */
	public EtaModels(EtaModel initial) {
		this.current = new AtomicReference<>(initial);
	}

	public EtaModel current() {
		return this.current.get();
	}

	/** Replaces the model in use. */
	public void use(EtaModel model) {
		this.current.set(model);
	}

}
