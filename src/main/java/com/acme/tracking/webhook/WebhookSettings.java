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
 * @param group the consumer group the fleet's dispatchers share on the notifications
 * @param connectTimeout connecting to an endpoint
 * @param readTimeout the endpoint's answer, from the request sent
 * @param retryInitial the first retry after a failure; each next one doubles, with ±20 %
 * jitter
 * @param retryMax the longest wait between two attempts
 * @param retryFor how long a notification is retried; older notifications are not sent
 * @param disableAfter an endpoint whose every attempt failed this long is disabled
 * @param perEndpoint attempts in flight to one endpoint at most
 * @param threads attempts in flight on one replica at most
 * @param poll how often a replica looks for due deliveries when idle
 * @param lease how long a claimed delivery is held by its replica before another may try
 */
@ConfigurationProperties("tracking.webhooks")
record WebhookSettings(@DefaultValue("") String secretKey, @DefaultValue("false") boolean allowLocalhost,
		@DefaultValue("24h") Duration rotationOverlap, @DefaultValue("20") int maxPerPartner,
		@DefaultValue("tracking-webhooks") String group, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("5s") Duration readTimeout, @DefaultValue("10s") Duration retryInitial,
		@DefaultValue("1h") Duration retryMax, @DefaultValue("24h") Duration retryFor,
		@DefaultValue("24h") Duration disableAfter, @DefaultValue("4") int perEndpoint, @DefaultValue("32") int threads,
		@DefaultValue("200ms") Duration poll, @DefaultValue("30s") Duration lease) {
}
