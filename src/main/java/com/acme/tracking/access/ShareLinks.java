package com.acme.tracking.access;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Signed share-link tokens, each scoped to one order:
 * {@code v1.<order id>.<issued at>.<HMAC>} (Base64url). The token itself proves the order
 * and the time it was issued; whether the link still shows the order (until one hour
 * after the order ends, never longer than the maximum lifetime) is decided where the
 * order's state is known.
 */
@Component
public class ShareLinks {

	private static final Logger log = LoggerFactory.getLogger(ShareLinks.class);

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final SecretKeySpec key;

	private final AccessSettings settings;

	ShareLinks(AccessSettings settings) {
		this.settings = settings;
		byte[] secret;
		if (settings.shareLinkSecret() == null || settings.shareLinkSecret().isEmpty()) {
			secret = new byte[32];
			new SecureRandom().nextBytes(secret);
			log.warn("tracking.access.share-link-secret is not set: share links work only on the replica that issued "
					+ "them and only until it restarts. Set TRACKING_ACCESS_SHARE_LINK_SECRET on every replica.");
		}
		else {
			secret = settings.shareLinkSecret().getBytes(StandardCharsets.UTF_8);
		}
		this.key = new SecretKeySpec(secret, "HmacSHA256");
	}

	/** A token for {@code orderId} issued at {@code now}. */
	public String issue(String orderId, Instant now) {
		String payload = "v1." + ENCODER.encodeToString(orderId.getBytes(StandardCharsets.UTF_8)) + "."
				+ now.getEpochSecond();
		return payload + "." + ENCODER.encodeToString(sign(payload));
	}

	/** The order and issue time a genuine token names; empty for anything else. */
	public Optional<SharedOrder> verify(String token) {
		int lastDot = token.lastIndexOf('.');
		if (lastDot < 0 || !token.startsWith("v1.")) {
			return Optional.empty();
		}
		String payload = token.substring(0, lastDot);
		try {
			byte[] signature = DECODER.decode(token.substring(lastDot + 1));
			if (!MessageDigest.isEqual(signature, sign(payload))) {
				return Optional.empty();
			}
			String[] parts = payload.split("\\.");
			if (parts.length != 3) {
				return Optional.empty();
			}
			String orderId = new String(DECODER.decode(parts[1]), StandardCharsets.UTF_8);
			return Optional.of(new SharedOrder(orderId, Instant.ofEpochSecond(Long.parseLong(parts[2]))));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Until when a link issued at {@code issuedAt} shows an order that ended at
	 * {@code endedAt} (null while it goes on).
	 */
	public Instant expiresAt(Instant issuedAt, @org.jspecify.annotations.Nullable Instant endedAt) {
		Instant max = issuedAt.plus(this.settings.shareLinkMaxLifetime());
		if (endedAt == null) {
			return max;
		}
		Instant afterEnd = endedAt.plus(this.settings.shareLinkAfterEnd());
		return afterEnd.isBefore(max) ? afterEnd : max;
	}

	/**
	 * Whether a link issued at {@code issuedAt} still shows its order, which ended at
	 * {@code endedAt} (null while it goes on).
	 */
	public boolean shows(Instant issuedAt, @org.jspecify.annotations.Nullable Instant endedAt, Instant now) {
		return expiresAt(issuedAt, endedAt).isAfter(now);
	}

	/** The public URL of a token. */
	public String url(String token) {
		return this.settings.publicBaseUrl().replaceAll("/+$", "") + "/v1/track/" + token;
	}

	private byte[] sign(String payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * What a genuine share-link token names.
	 *
	 * @param orderId the order it shows
	 * @param issuedAt when it was issued
	 */
	public record SharedOrder(String orderId, Instant issuedAt) {
	}

}
