package com.acme.tracking.access;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access settings ({@code tracking.access.*}).
 *
 * @param shareLinkSecret HMAC key of share-link tokens (at least 32 characters), the same
 * on every replica; when unset each replica makes a random one and a link works only on
 * the replica that issued it (a warning says so)
 * @param shareLinkMaxLifetime a share link never lives longer than this, even for an
 * order that does not end
 * @param shareLinkAfterEnd a share link shows its order until this long after it ends
 * @param publicBaseUrl where clients reach the API, for share-link URLs
 * @param rateLimitPerSecond sustained requests a second per client
 * @param rateLimitBurst requests a client may send at once
 */
@Validated
@ConfigurationProperties("tracking.access")
public record AccessSettings(@Nullable String shareLinkSecret,
		@DefaultValue("24h") @NotNull Duration shareLinkMaxLifetime,
		@DefaultValue("1h") @NotNull Duration shareLinkAfterEnd,
		@DefaultValue("http://localhost:8080") @NotBlank String publicBaseUrl,
		@DefaultValue("50") @Min(1) int rateLimitPerSecond, @DefaultValue("100") @Min(1) int rateLimitBurst) {

	public AccessSettings {
		if (shareLinkSecret != null && !shareLinkSecret.isEmpty() && shareLinkSecret.length() < 32) {
			throw new IllegalArgumentException("tracking.access.share-link-secret must be at least 32 characters");
		}
	}

}
