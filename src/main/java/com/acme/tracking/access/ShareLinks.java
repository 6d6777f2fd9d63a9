package com.acme.tracking.access;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Signed share-link tokens, each scoped to one order:
 * {@code v2.<key id>.<order id>.<issued at>.<HMAC>} (order id and HMAC in Base64url). The
 * token itself proves the order and the time it was issued; whether the link still shows
 * the order (until one hour after the order ends, never longer than the maximum lifetime)
 * is decided where the order's state is known.
 *
 * <p>
 * The key id lets the secret rotate: new links are signed with the current key
 * ({@code tracking.access.share-link-secret}, id {@code share-link-key-id}); a link names
 * the key that signed it and verifies as long as that key is the current one or one of
 * {@code share-link-previous-keys}. Links of the first format,
 * {@code v1.<order id>.<issued
 * at>.<HMAC>} without a key id (issued before key ids existed), still verify against any
 * configured key until they expire (a day at most), so that the upgrade breaks no link.
 */
@Component
public class ShareLinks {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private static final String FORMAT = "v2.";

	private static final String LEGACY_FORMAT = "v1.";

	private final String currentKeyId;

	/** By key id, the current key first. */
	private final Map<String, SecretKeySpec> keys;

	private final AccessSettings settings;

	ShareLinks(AccessSettings settings) {
		this.settings = settings;
		this.currentKeyId = settings.shareLinkKeyId();
		Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
		keys.put(settings.shareLinkKeyId(), key(String.valueOf(settings.shareLinkSecret())));
		for (AccessSettings.ShareLinkKey previous : settings.shareLinkPreviousKeys()) {
			keys.put(previous.id(), key(previous.secret()));
		}
		this.keys = Collections.unmodifiableMap(keys);
	}

	private static SecretKeySpec key(String secret) {
		return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	/** A token for {@code orderId} issued at {@code now}, signed with the current key. */
	public String issue(String orderId, Instant now) {
		String payload = FORMAT + this.currentKeyId + "."
				+ ENCODER.encodeToString(orderId.getBytes(StandardCharsets.UTF_8)) + "." + now.getEpochSecond();
		return payload + "." + ENCODER.encodeToString(sign(this.keys.get(this.currentKeyId), payload));
	}

	/** The order and issue time a genuine token names; empty for anything else. */
	public Optional<SharedOrder> verify(String token) {
		int lastDot = token.lastIndexOf('.');
		if (lastDot < 0) {
			return Optional.empty();
		}
		String payload = token.substring(0, lastDot);
		try {
			byte[] signature = DECODER.decode(token.substring(lastDot + 1));
			String[] parts = payload.split("\\.", -1);
			if (token.startsWith(FORMAT) && parts.length == 4) {
				SecretKeySpec key = this.keys.get(parts[1]);
				if (key == null || !MessageDigest.isEqual(signature, sign(key, payload))) {
					return Optional.empty();
				}
				return Optional.of(shared(parts[2], parts[3]));
			}
			if (token.startsWith(LEGACY_FORMAT) && parts.length == 3) {
				for (SecretKeySpec key : this.keys.values()) {
					if (MessageDigest.isEqual(signature, sign(key, payload))) {
						return Optional.of(shared(parts[1], parts[2]));
					}
				}
			}
			return Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static SharedOrder shared(String orderId, String issuedAt) {
		return new SharedOrder(new String(DECODER.decode(orderId), StandardCharsets.UTF_8),
				Instant.ofEpochSecond(Long.parseLong(issuedAt)));
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

	private static byte[] sign(SecretKeySpec key, String payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
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
