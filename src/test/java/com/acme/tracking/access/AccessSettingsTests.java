package com.acme.tracking.access;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production (no profile, so nothing but what is configured) refuses to start without a
 * real share-link secret, naming the setting; the local runtime and the tests set theirs
 * in {@code application-local.yaml}.
 */
class AccessSettingsTests {

	private static final String GOOD = "a-real-secret-of-more-than-32-bytes-0123456789";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Settings.class);

	@Test
	void aStartWithoutAShareLinkSecretIsRefused() {
		failsNaming("tracking.access.share-link-secret", "is required");
		failsNaming("tracking.access.share-link-secret", "is required", "tracking.access.share-link-secret= ");
	}

	@Test
	void aStartWithThePlaceholderOfTheExampleSecretIsRefused() throws Exception {
		Map<?, ?> secret = new Yaml().load(Files.readString(Path.of("k8s/secret.example.yaml")));
		String placeholder = String
			.valueOf(((Map<?, ?>) secret.get("stringData")).get("TRACKING_ACCESS_SHARE_LINK_SECRET"));
		assertThat(placeholder.getBytes()).as("long enough to pass the length check").hasSizeGreaterThan(32);
		failsNaming("tracking.access.share-link-secret", "placeholder of k8s/secret.example.yaml",
				"tracking.access.share-link-secret=" + placeholder);
	}

	@Test
	void aStartWithASecretShorterThan32BytesIsRefused() {
		failsNaming("tracking.access.share-link-secret", "at least 32 bytes",
				"tracking.access.share-link-secret=" + "x".repeat(31));
		// counted in bytes (UTF-8): 16 two-byte characters are enough
		this.runner.withPropertyValues("tracking.access.share-link-secret=" + "é".repeat(16))
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("tracking.access.share-link-secret=" + "x".repeat(32))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void previousKeysAreCheckedLikeTheCurrentOne() {
		failsNaming("tracking.access.share-link-previous-keys[0].secret", "at least 32 bytes",
				"tracking.access.share-link-secret=" + GOOD, "tracking.access.share-link-previous-keys[0].id=k0",
				"tracking.access.share-link-previous-keys[0].secret=short");
		failsNaming("tracking.access.share-link-previous-keys[0].id", "names two keys",
				"tracking.access.share-link-secret=" + GOOD, "tracking.access.share-link-previous-keys[0].id=k1",
				"tracking.access.share-link-previous-keys[0].secret=" + GOOD + "-old");
		failsNaming("tracking.access.share-link-key-id", "letters, digits", "tracking.access.share-link-secret=" + GOOD,
				"tracking.access.share-link-key-id=a.b");
		this.runner
			.withPropertyValues("tracking.access.share-link-secret=" + GOOD, "tracking.access.share-link-key-id=k2",
					"tracking.access.share-link-previous-keys[0].id=k1",
					"tracking.access.share-link-previous-keys[0].secret=" + GOOD + "-old")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AccessSettings settings = context.getBean(AccessSettings.class);
				assertThat(settings.shareLinkPreviousKeys()).extracting(AccessSettings.ShareLinkKey::id)
					.containsExactly("k1");
				assertThat(settings.toString()).doesNotContain(GOOD);
			});
	}

	@Test
	void trustedProxiesAreAddressesOrCidrRanges() {
		failsNaming("tracking.access.trusted-proxies", "not an IP address or CIDR range",
				"tracking.access.share-link-secret=" + GOOD,
				"tracking.access.trusted-proxies=10.0.0.0/8,ingress.local");
		failsNaming("tracking.access.trusted-proxies", "not an IP address or CIDR range",
				"tracking.access.share-link-secret=" + GOOD, "tracking.access.trusted-proxies=10.0.0.0/33");
		this.runner
			.withPropertyValues("tracking.access.share-link-secret=" + GOOD,
					"tracking.access.trusted-proxies=10.0.0.0/8, 192.0.2.1,2001:db8::/32")
			.run((context) -> assertThat(context.getBean(AccessSettings.class).trustedProxies()).hasSize(3));
	}

	private void failsNaming(String name, String reason, String... properties) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			StringBuilder messages = new StringBuilder();
			for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
				messages.append(t.getMessage()).append('\n');
			}
			assertThat(messages.toString()).contains(name).contains(reason);
		});
	}

	@EnableConfigurationProperties(AccessSettings.class)
	static class Settings {

	}

}
