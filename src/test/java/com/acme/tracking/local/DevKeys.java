package com.acme.tracking.local;

import java.nio.charset.StandardCharsets;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The development HMAC key of the local runtime (printed in README.md). It exists only in
 * the test sources: no production build contains it, and production accepts only tokens
 * of the configured issuer.
 */
public final class DevKeys {

	public static final String HMAC_KEY = "local-dev-only-hmac-key-not-for-production-0123456789";

	private DevKeys() {
	}

	public static SecretKey hmacKey() {
		return new SecretKeySpec(HMAC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

}
