package com.acme.tracking;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** A setting under its old name stops the start instead of being ignored silently. */
class RenamedSettingsTests {

	@Test
	void anOldNameStopsTheStartNamingTheNewOne() {
		MockEnvironment environment = new MockEnvironment().withProperty("tracking.live.arriving-radius", "300")
			.withProperty("tracking.live.notification-group", "mine");
		assertThatIllegalStateException().isThrownBy(() -> check(environment))
			.withMessageContaining("tracking.live.arriving-radius is now tracking.delivery.arriving-radius")
			.withMessageContaining("tracking.live.notification-group is now tracking.notification.group");
	}

	@Test
	void anOldNameAsAnEnvironmentVariableIsFoundToo() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("env", Map.of("TRACKING_LIVE_STALE_AFTER", "30s")));
		assertThatIllegalStateException().isThrownBy(() -> check(environment))
			.withMessageContaining("tracking.courier.stale-after");
	}

	@Test
	void theNewNamesAndTheLiveSettingsThatStayedStart() {
		MockEnvironment environment = new MockEnvironment().withProperty("tracking.delivery.arriving-radius", "300")
			.withProperty("tracking.live.position-interval", "2s");
		assertThatNoException().isThrownBy(() -> check(environment));
	}

	private static void check(org.springframework.core.env.ConfigurableEnvironment environment) {
		new RenamedSettings().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(null,
				new SpringApplication(TrackingApplication.class), new String[0], environment));
	}

}
