package com.acme.tracking.history.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.acme.tracking.history.HistorySettings;
import com.acme.tracking.history.PageKey;
import com.acme.tracking.shared.InputBounds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Page cursors: a {@link PageKey} with an HMAC-SHA256 over the key and the query it
 * belongs to, so that a cursor the service did not issue (forged, edited, truncated, or
 * issued for another courier or another search) is refused as a bad {@code cursor} before
 * anything is read from it. The key is {@code tracking.history.cursor-secret}, shared by
 * the fleet; without one, a random key per replica.
 *
 * <p>
 * Layout, base64url without padding: version (1 byte, 2), seconds (8), nanoseconds (4),
 * partition (4), offset (8), the first 16 bytes of the MAC.
 */
@Component
class Cursors {

	private static final Logger log = LoggerFactory.getLogger(Cursors.class);

	private static final byte VERSION = 2;

	private static final int KEY_BYTES = 1 + 8 + 4 + 4 + 8;

	private static final int MAC_BYTES = 16;

	/**
	 * Longest text that can be a cursor (55 characters are); longer is refused unread.
	 */
	private static final int MAX_LENGTH = 64;

	/** The latest time a key may hold: far past any row, well inside SQL timestamps. */
	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	private final SecretKeySpec key;

	Cursors(HistorySettings settings) {
		byte[] secret;
		if (settings.cursorSecret() != null) {
			secret = settings.cursorSecret().getBytes(StandardCharsets.UTF_8);
		}
		else {
			secret = new byte[32];
			new SecureRandom().nextBytes(secret);
			log.warn("tracking.history.cursor-secret is not set: page cursors are signed with a random key of this "
					+ "replica, and other replicas (or this one after a restart) refuse them. Set the same secret on "
					+ "every replica.");
		}
		this.key = new SecretKeySpec(secret, "HmacSHA256");
	}

	/**
	 * The cursor of a page that ends at {@code key}, for the query named by
	 * {@code query}.
	 */
	String issue(PageKey key, String query) {
		ByteBuffer bytes = ByteBuffer.allocate(KEY_BYTES + MAC_BYTES);
		bytes.put(VERSION)
			.putLong(key.time().getEpochSecond())
			.putInt(key.time().getNano())
			.putInt(key.partition())
			.putLong(key.offset());
		bytes.put(mac(Arrays.copyOf(bytes.array(), KEY_BYTES), query));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
	}

	/**
	 * The key of a cursor this service issued for the same query; a cursor it did not
	 * issue is a {@link BadParameter} naming {@code cursor}.
	 */
	PageKey read(String cursor, String query) {
		if (cursor.length() > MAX_LENGTH) {
			throw notOurs();
		}
		byte[] bytes;
		try {
			bytes = Base64.getUrlDecoder().decode(cursor);
		}
		catch (IllegalArgumentException ex) {
			throw notOurs();
		}
		if (bytes.length != KEY_BYTES + MAC_BYTES || bytes[0] != VERSION) {
			throw notOurs();
		}
		byte[] expected = mac(Arrays.copyOf(bytes, KEY_BYTES), query);
		if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, KEY_BYTES, bytes.length))) {
			throw notOurs();
		}
		ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, KEY_BYTES - 1);
		long seconds = buffer.getLong();
		int nanos = buffer.getInt();
		int partition = buffer.getInt();
		long offset = buffer.getLong();
		// Signed by us, so in range; checked anyway, so that no key can hold a value the
		// SQL types would overflow on.
		if (seconds < InputBounds.EARLIEST.getEpochSecond() || seconds > LATEST.getEpochSecond() || nanos < 0
				|| nanos > 999_999_999 || partition < 0 || offset < 0) {
			throw notOurs();
		}
		return new PageKey(Instant.ofEpochSecond(seconds, nanos), partition, offset);
	}

	private byte[] mac(byte[] key, String query) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			mac.update(key);
			mac.update((byte) 0);
			mac.update(query.getBytes(StandardCharsets.UTF_8));
			return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

	private static BadParameter notOurs() {
		return BadParameter.of("cursor", "is not a cursor this API returned for this query");
	}

}
