package com.acme.tracking.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Customer ids as the service keeps them: the id itself, or its pseudonym, a keyed
 * one-way hash ({@code HMAC-SHA256} under {@code tracking.privacy.key}, written {@code ~}
 * and 32 hex digits) that cannot be turned back into the id and that the same id always
 * gets. A customer is pseudonymised everywhere once erased (the erased set, which holds
 * pseudonyms only, filled from the operational database at start and kept up to date by
 * the privacy module), and in the warehouse from the start when
 * {@code tracking.privacy.pseudonymise-customers} is on.
 */
@Component
public class CustomerIds {

	/** How a pseudonym begins; no customer id the service is given begins so. */
	public static final String PSEUDONYM_PREFIX = "~";

	private final @Nullable SecretKeySpec key;

	private final boolean pseudonymise;

	private final Set<String> erased = ConcurrentHashMap.newKeySet();

	private final ThreadLocal<@Nullable Mac> macs = new ThreadLocal<>();

	@org.springframework.beans.factory.annotation.Autowired
	CustomerIds(PrivacySettings settings) {
		this(settings.key(), settings.pseudonymiseCustomers());
	}

	public CustomerIds(String key, boolean pseudonymise) {
		if (key.isBlank()) {
			if (pseudonymise) {
				throw new IllegalStateException(
						"tracking.privacy.pseudonymise-customers needs tracking.privacy.key (TRACKING_PRIVACY_KEY)");
			}
			this.key = null;
		}
		else {
			byte[] bytes;
			try {
				bytes = Base64.getDecoder().decode(key.trim());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("tracking.privacy.key (TRACKING_PRIVACY_KEY) must be base64", ex);
			}
			if (bytes.length < 32) {
				throw new IllegalStateException(
						"tracking.privacy.key (TRACKING_PRIVACY_KEY) must be at least 32 bytes, " + "base64 (it has "
								+ bytes.length + ")");
			}
			this.key = new SecretKeySpec(bytes, "HmacSHA256");
		}
		this.pseudonymise = pseudonymise;
	}

	/** Whether pseudonyms can be made (a key is set): erasure needs it. */
	public boolean available() {
		return this.key != null;
	}

	/** The pseudonym of a customer id (itself if it is one already). */
	public String pseudonym(String customerId) {
		if (isPseudonym(customerId)) {
			return customerId;
		}
		Mac mac = mac();
		byte[] digest = mac.doFinal(customerId.getBytes(StandardCharsets.UTF_8));
		return PSEUDONYM_PREFIX + HexFormat.of().formatHex(digest, 0, 16);
	}

	public static boolean isPseudonym(@Nullable String customerId) {
		return customerId != null && customerId.startsWith(PSEUDONYM_PREFIX);
	}

	/** Whether this customer (an id or a pseudonym) was erased. */
	public boolean erased(@Nullable String customerId) {
		if (customerId == null || this.erased.isEmpty() || this.key == null) {
			return false;
		}
		return this.erased.contains(pseudonym(customerId));
	}

	/** Adds erased customers, by their pseudonyms. */
	public void erase(Collection<String> pseudonyms) {
		this.erased.addAll(pseudonyms);
	}

	/** How many customers are erased. */
	public int erasedCount() {
		return this.erased.size();
	}

	/**
	 * The id the hot state keeps for a customer named by an event: its pseudonym once
	 * erased, else itself.
	 */
	public @Nullable String live(@Nullable String customerId) {
		return erased(customerId) ? pseudonym(customerId) : customerId;
	}

	/**
	 * The id the warehouse stores: the pseudonym when pseudonymising or once erased, else
	 * the id.
	 */
	public @Nullable String stored(@Nullable String customerId) {
		if (customerId == null) {
			return null;
		}
		return (this.pseudonymise || erased(customerId)) ? pseudonym(customerId) : customerId;
	}

	/**
	 * The value to look a customer's rows up by in the warehouse, or null when none may
	 * be found: an erased customer's id finds nothing (a pseudonym is looked up as
	 * itself).
	 */
	public @Nullable String queried(String customerId) {
		if (isPseudonym(customerId)) {
			return customerId;
		}
		if (erased(customerId)) {
			return null;
		}
		return this.pseudonymise ? pseudonym(customerId) : customerId;
	}

	private Mac mac() {
		SecretKeySpec spec = this.key;
		if (spec == null) {
			throw new IllegalStateException("No tracking.privacy.key (TRACKING_PRIVACY_KEY): no customer pseudonyms");
		}
		Mac mac = this.macs.get();
		if (mac == null) {
			try {
				mac = Mac.getInstance("HmacSHA256");
				mac.init(spec);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
			this.macs.set(mac);
		}
		return mac;
	}

}
