package com.acme.tracking;

import com.acme.tracking.access.AccessSettings;
import com.acme.tracking.delivery.EtaSettings;
import com.acme.tracking.delivery.TrackingSettings;
import com.acme.tracking.history.HistorySettings;
import com.acme.tracking.live.LiveSettings;
import com.acme.tracking.shared.kafka.IngestSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** A bad {@code tracking.*} value stops the start with a message naming the setting. */
class SettingsValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Settings.class)
		// the one setting without a default (AccessSettingsTests)
		.withPropertyValues("tracking.access.share-link-secret=settings-validation-tests-secret-0123456789");

	@Test
	void theDefaultsAreValid() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(TrackingSettings.class)
			.hasSingleBean(LiveSettings.class));
	}

	@Test
	void aBadValueNamesTheSetting() {
		failsNaming("tracking.delivery.arriving-radius=-5", "tracking.delivery.arriving-radius");
		failsNaming("tracking.delivery.arrived-radius=900", "tracking.delivery.arrived-radius");
		failsNaming("tracking.delivery.evict-ended-after=10m", "tracking.delivery.evict-ended-after");
		failsNaming("tracking.live.max-pending-messages=2", "tracking.live.max-pending-messages");
		failsNaming("tracking.live.max-subscriptions-per-session=0", "tracking.live.max-subscriptions-per-session");
		failsNaming("tracking.ingest.retries=-1", "tracking.ingest.retries");
		failsNaming("tracking.ingest.positions-concurrency=0", "tracking.ingest.positions-concurrency");
		failsNaming("tracking.access.share-link-secret=short", "tracking.access.share-link-secret");
		failsNaming("tracking.access.rate-limit-per-second=0", "tracking.access.rate-limit-per-second");
		failsNaming("tracking.history.max-page-size=0", "tracking.history.max-page-size");
		failsNaming("tracking.history.cursor-secret=short", "tracking.history.cursor-secret");
		failsNaming("tracking.history.max-concurrent-queries-per-caller=0",
				"tracking.history.max-concurrent-queries-per-caller");
		failsNaming("tracking.history.breaker.failure-rate=0", "breaker.failureRate");
		failsNaming("tracking.live.position-interval=soon", "tracking.live.position-interval");
		failsNaming("tracking.eta.zone=Mars/Olympus", "tracking.eta.zone");
		failsNaming("tracking.eta.learn-interval=0s", "tracking.eta.learn-interval");
		failsNaming("tracking.eta.learn-window=10m", "tracking.eta.learn-window");
		failsNaming("tracking.eta.learn-max-orders=0", "tracking.eta.learn-max-orders");
		failsNaming("tracking.eta.fallback-speed=0", "tracking.eta.fallback-speed");
	}

	@Test
	void theEtaZoneIsAZoneName() {
		this.runner.withPropertyValues("tracking.eta.zone=America/Sao_Paulo", "tracking.eta.learn-interval=2s")
			.run((context) -> {
				assertThat(context.getBean(EtaSettings.class).zone())
					.isEqualTo(java.time.ZoneId.of("America/Sao_Paulo"));
				assertThat(context.getBean(EtaSettings.class).learnInterval()).hasSeconds(2);
			});
	}

	private void failsNaming(String property, String name) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).as(property).hasFailed();
			Throwable failure = context.getStartupFailure();
			StringBuilder messages = new StringBuilder();
			for (Throwable t = failure; t != null; t = t.getCause()) {
				messages.append(t.getMessage()).append('\n');
			}
			assertThat(messages.toString()).as(property).contains(name);
		});
	}

	@EnableConfigurationProperties({ TrackingSettings.class, LiveSettings.class, IngestSettings.class,
			AccessSettings.class, HistorySettings.class, EtaSettings.class })
	static class Settings {

	}

}
