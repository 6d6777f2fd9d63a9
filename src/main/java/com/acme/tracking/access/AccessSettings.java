package com.acme.tracking.access;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
 * @param shareLinkSecret HMAC key that signs new share links, at least 32 bytes, the same
 * on every replica ({@code TRACKING_ACCESS_SHARE_LINK_SECRET}); required: there is no
 * default (a random key per replica would make a link work only where it was issued), and
 * the placeholder of {@code k8s/secret.example.yaml} is refused
 * @param shareLinkKeyId the id of {@code shareLinkSecret}, named in every link it signs
 * so that the secret can rotate
 * @param shareLinkPreviousKeys keys that signed links before the current one: links they
 * signed still verify (until they expire: keep a key at least
 * {@code shareLinkMaxLifetime} after it stopped being the current one)
 * @param shareLinkMaxLifetime a share link never lives longer than this, even for an
 * order that does not end
 * @param shareLinkAfterEnd a share link shows its order until this long after it ends
 * @param publicBaseUrl where clients reach the API, for share-link URLs
 * @param rateLimitPerSecond sustained requests a second per client
 * @param rateLimitBurst requests a client may send at once
 * @param rateLimitMaxClients how many clients' buckets are kept at most (the least
 * recently and least frequently used go first; an evicted client starts again with a full
 * bucket)
 * @param trustedProxies addresses or CIDR ranges of the proxies (the ingress) whose
 * {@code X-Forwarded-For} names the client; empty (the default): the header is ignored
 * and the client is the connection's peer
 */
@Validated
@ConfigurationProperties("tracking.access")
public record AccessSettings(@Nullable String shareLinkSecret, @DefaultValue("k1") @NotNull String shareLinkKeyId,
		@DefaultValue @NotNull List<ShareLinkKey> shareLinkPreviousKeys,
		@DefaultValue("24h") @NotNull Duration shareLinkMaxLifetime,
		@DefaultValue("1h") @NotNull Duration shareLinkAfterEnd,
		@DefaultValue("http://localhost:8080") @NotBlank String publicBaseUrl,
		@DefaultValue("50") @Min(1) int rateLimitPerSecond, @DefaultValue("100") @Min(1) int rateLimitBurst,
		@DefaultValue("100000") @Min(1) int rateLimitMaxClients, @DefaultValue @NotNull List<String> trustedProxies) {

	/** The example value of {@code k8s/secret.example.yaml}: public, so never a key. */
	static final String PLACEHOLDER = "change-me-to-32-or-more-random-characters";

	static final int MIN_SECRET_BYTES = 32;

	private static final String SECRET = "tracking.access.share-link-secret";

	public AccessSettings {
		checkSecret(SECRET + " (TRACKING_ACCESS_SHARE_LINK_SECRET)", shareLinkSecret);
		Set<String> ids = new HashSet<>();
		checkKeyId("tracking.access.share-link-key-id", shareLinkKeyId, ids);
		for (int i = 0; i < shareLinkPreviousKeys.size(); i++) {
			ShareLinkKey key = shareLinkPreviousKeys.get(i);
			String name = "tracking.access.share-link-previous-keys[" + i + "]";
			checkKeyId(name + ".id", key.id(), ids);
			checkSecret(name + ".secret", key.secret());
		}
		for (String proxy : trustedProxies) {
			if (!ClientAddress.isRange(proxy)) {
				throw new IllegalArgumentException(
						"tracking.access.trusted-proxies: '" + proxy + "' is not an IP address or CIDR range");
			}
		}
		shareLinkPreviousKeys = List.copyOf(shareLinkPreviousKeys);
		trustedProxies = List.copyOf(trustedProxies);
	}

	private static void checkSecret(String name, @Nullable String secret) {
		if (secret == null || secret.isBlank()) {
			throw new IllegalArgumentException(name + " is required: the HMAC key of share links, at least "
					+ MIN_SECRET_BYTES + " bytes of random, the same on every replica");
		}
		if (secret.strip().equals(PLACEHOLDER)) {
			throw new IllegalArgumentException(name + " is the placeholder of k8s/secret.example.yaml, with which "
					+ "anyone can forge a share link: set a random secret of at least " + MIN_SECRET_BYTES + " bytes");
		}
		if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException(name + " must be at least " + MIN_SECRET_BYTES + " bytes");
		}
	}

	private static void checkKeyId(String name, @Nullable String id, Set<String> seen) {
		if (id == null || !id.matches("[A-Za-z0-9_-]{1,32}")) {
			throw new IllegalArgumentException(name + " must be 1 to 32 letters, digits, '-' or '_'");
		}
		if (!seen.add(id)) {
			throw new IllegalArgumentException(name + " '" + id + "' names two keys");
		}
	}

	/**
	 * A share-link key that signed links before the current one.
	 *
	 * @param id the key id its links name
	 * @param secret its HMAC key
	 */
	public record ShareLinkKey(String id, String secret) {

		@Override
		public String toString() {
			return "ShareLinkKey[id=" + this.id + ", secret=(hidden)]";
		}

	}

	@Override
	public String toString() {
		return "AccessSettings[shareLinkKeyId=" + this.shareLinkKeyId + ", shareLinkPreviousKeys="
				+ this.shareLinkPreviousKeys + ", shareLinkMaxLifetime=" + this.shareLinkMaxLifetime
				+ ", shareLinkAfterEnd=" + this.shareLinkAfterEnd + ", publicBaseUrl=" + this.publicBaseUrl
				+ ", rateLimitPerSecond=" + this.rateLimitPerSecond + ", rateLimitBurst=" + this.rateLimitBurst
				+ ", rateLimitMaxClients=" + this.rateLimitMaxClients + ", trustedProxies=" + this.trustedProxies + "]";
	}

}
