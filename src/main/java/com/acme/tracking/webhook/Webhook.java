package com.acme.tracking.webhook;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A partner's registered endpoint, as stored: the secrets are sealed ({@link SecretBox}).
 *
 * @param id the webhook's id
 * @param partnerId the partner that owns it
 * @param url where notifications are POSTed
 * @param kinds the notification kinds it gets, comma-separated
 * @param enabled whether notifications are sent to it
 * @param secret the signing secret, sealed
 * @param previousSecret the secret before the last rotation, sealed, which still signs
 * until {@code previousSecretUntil}
 * @param previousSecretUntil the end of the rotation's overlap
 * @param failingSince since when every attempt has failed; null while it works
 * @param disabledReason why the service disabled it (24 h of failure); null otherwise
 * @param createdAt when it was registered
 * @param updatedAt when it last changed
 * @param version optimistic lock (null before the first save)
 */
@Table("webhooks")
record Webhook(@Id UUID id, String partnerId, String url, String kinds, boolean enabled, byte[] secret,
		byte @Nullable [] previousSecret, @Nullable Instant previousSecretUntil, @Nullable Instant failingSince,
		@Nullable String disabledReason, Instant createdAt, Instant updatedAt, @Version @Nullable Long version) {

	/** The notification kinds. */
	enum Kind {

		STATUS, ARRIVING, ARRIVED

	}

	Set<Kind> kindSet() {
		return Arrays.stream(this.kinds.split(","))
			.filter((k) -> !k.isBlank())
			.map(Kind::valueOf)
			.collect(Collectors.toCollection(() -> EnumSet.noneOf(Kind.class)));
	}

	static String kinds(Set<Kind> kinds) {
		return kinds.stream().sorted().map(Kind::name).collect(Collectors.joining(","));
	}

	boolean gets(String kind) {
		return this.enabled && Arrays.asList(this.kinds.split(",")).contains(kind);
	}

	Webhook changed(String url, String kinds, boolean enabled, Instant now) {
		return new Webhook(this.id, this.partnerId, url, kinds, enabled, this.secret, this.previousSecret,
				this.previousSecretUntil, enabled ? null : this.failingSince, enabled ? null : this.disabledReason,
				this.createdAt, now, this.version);
	}

	Webhook rotated(byte[] newSecret, Instant overlapUntil, Instant now) {
		return new Webhook(this.id, this.partnerId, this.url, this.kinds, this.enabled, newSecret, this.secret,
				overlapUntil, this.failingSince, this.disabledReason, this.createdAt, now, this.version);
	}

}
