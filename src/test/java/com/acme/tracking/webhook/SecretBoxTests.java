package com.acme.tracking.webhook;

import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTests {

	static final byte[] KEY = new byte[32];

	@Test
	void aSealedSecretOpensOnlyForItsOwnWebhookAndNeverShowsInClear() {
		SecretBox box = new SecretBox(KEY);
		String secret = SecretBox.newSecret();
		byte[] sealed = box.seal(secret, "webhook-1");
		assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1))
			.doesNotContain(secret.substring(6));
		assertThat(box.open(sealed, "webhook-1")).isEqualTo(secret);
		assertThatIllegalStateException().isThrownBy(() -> box.open(sealed, "webhook-2"));
		assertThat(box.seal(secret, "webhook-1")).isNotEqualTo(sealed);
	}

	@Test
	void theKeyMustBeBase64OfThirtyTwoBytes() {
		assertThatIllegalStateException().isThrownBy(() -> Webhooks.secretBox(settings("change-me-to-base64")))
			.withMessageContaining("TRACKING_WEBHOOKS_SECRET_KEY");
		assertThatIllegalStateException().isThrownBy(() -> Webhooks.secretBox(settings("")))
			.withMessageContaining("TRACKING_WEBHOOKS_SECRET_KEY");
		assertThatThrownBy(() -> Webhooks.secretBox(settings(Base64.getEncoder().encodeToString(new byte[16]))))
			.hasMessageContaining("32 bytes");
		assertThat(Webhooks.secretBox(settings(Base64.getEncoder().encodeToString(KEY)))).isNotNull();
	}

	private static WebhookSettings settings(String key) {
		return new WebhookSettings(key, false, Duration.ofHours(24), 20, "g", Duration.ofSeconds(2),
				Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24),
				Duration.ofHours(24), 4, 32, Duration.ofMillis(200), Duration.ofSeconds(30));
	}

}
