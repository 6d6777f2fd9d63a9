package com.acme.tracking;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/** The feature packages are modules whose dependencies point one way, without cycles. */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(TrackingApplication.class);

	@Test
	void modulesDependOnEachOtherOnlyThroughTheirApis() {
		this.modules.verify();
	}

}
