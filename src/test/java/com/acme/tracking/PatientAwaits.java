package com.acme.tracking;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Integration tests wait for what they produced to show up; on a loaded 2-core CI machine
 * that can take longer than Awaitility's default 10 s. Waiting ends as soon as the
 * condition holds, so a generous limit costs nothing when things are quick.
 */
class PatientAwaits implements BeforeAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
		Awaitility.setDefaultPollInterval(Duration.ofMillis(50));
	}

}
