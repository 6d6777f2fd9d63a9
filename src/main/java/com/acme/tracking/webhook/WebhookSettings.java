package com.acme.tracking.webhook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the partner webhooks ({@code tracking.webhooks.*}).
 *
 * @param secretKey base64 of the 32-byte AES key that seals signing secrets at rest
 * ({@code TRACKING_WEBHOOKS_SECRET_KEY}); required when the operational database is set
 * @param allowLocalhost whether {@code http://localhost} endpoints may be registered (the
 * local runtime only); everywhere else an endpoint is {@code https} on a public address
 * @param rotationOverlap how long the previous secret still signs after a rotation
 * @param maxPerPartner most webhooks one partner may register
 */
@ConfigurationProperties("tracking.webhooks")
record WebhookSettings(@DefaultValue("") String secretKey, @DefaultValue("false") boolean allowLocalhost,
		@DefaultValue("24h") Duration rotationOverlap, @DefaultValue("20") int maxPerPartner) {
}
