package com.acme.tracking.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals webhook secrets for storage: AES-256-GCM under the key
 * {@code tracking.webhooks.secret-key}, a fresh 96-bit nonce per secret, the webhook's id
 * as associated data (a sealed secret copied to another row does not open). New secrets
 * are 32 random bytes, shown once as {@code whsec_<base64url>}.
 */
final class SecretBox {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int NONCE = 12;

	private final SecretKeySpec key;

	SecretBox(byte[] key) {
		if (key.length != 32) {
			throw new IllegalArgumentException(
					"tracking.webhooks.secret-key must be 32 bytes, base64 (it has " + key.length + ")");
		}
		this.key = new SecretKeySpec(key, "AES");
	}

	/** A new signing secret, as the partner sees it. */
	static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	byte[] seal(String secret, String associated) {
		try {
			byte[] nonce = new byte[NONCE];
			RANDOM.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, nonce));
			cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not seal a webhook secret", ex);
		}
	}

	String open(byte[] sealed, String associated) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, sealed, 0, NONCE));
			cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(sealed, NONCE, sealed.length - NONCE), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A webhook secret does not open with tracking.webhooks.secret-key", ex);
		}
	}

}
