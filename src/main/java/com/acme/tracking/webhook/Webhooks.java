package com.acme.tracking.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The registrations: created with a secret shown once, changed, rotated (both secrets
 * sign for the overlap), deleted. The caller's right to the partner is checked by the
 * controller; every URL is checked by {@link Destinations}.
 */
class Webhooks {

	private final WebhookRepository repository;

	private final SecretBox secrets;

	private final Destinations destinations;

	private final WebhookSettings settings;

	private final Clock clock;

	Webhooks(WebhookRepository repository, SecretBox secrets, Destinations destinations, WebhookSettings settings,
			Clock clock) {
		this.repository = repository;
		this.secrets = secrets;
		this.destinations = destinations;
		this.settings = settings;
		this.clock = clock;
	}

	static SecretBox secretBox(WebhookSettings settings) {
		if (settings.secretKey().isBlank()) {
			throw new IllegalStateException(
					"tracking.webhooks.secret-key (TRACKING_WEBHOOKS_SECRET_KEY) is required with an operational "
							+ "database: base64 of 32 random bytes, e.g. openssl rand -base64 32");
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(settings.secretKey().trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					"tracking.webhooks.secret-key (TRACKING_WEBHOOKS_SECRET_KEY) is not base64: "
							+ "use base64 of 32 random bytes, e.g. openssl rand -base64 32");
		}
		return new SecretBox(key);
	}

	/** The registration, with its secret in clear; or why the URL is refused. */
	Created create(String partnerId, String url, @Nullable List<Webhook.Kind> kinds) {
		refuseUrl(url);
		if (this.repository.findByPartnerIdOrderByCreatedAt(partnerId).size() >= this.settings.maxPerPartner()) {
			throw new Refused("url", "A partner has at most " + this.settings.maxPerPartner() + " webhooks");
		}
		UUID id = UUID.randomUUID();
		String secret = SecretBox.newSecret();
		Instant now = this.clock.instant();
		Set<Webhook.Kind> chosen = (kinds == null || kinds.isEmpty()) ? EnumSet.allOf(Webhook.Kind.class)
				: EnumSet.copyOf(kinds);
		Webhook saved = this.repository.save(new Webhook(id, partnerId, url, Webhook.kinds(chosen), true,
				this.secrets.seal(secret, id.toString()), null, null, null, null, now, now, null));
		return new Created(saved, secret);
	}

	List<Webhook> of(String partnerId) {
		return this.repository.findByPartnerIdOrderByCreatedAt(partnerId);
	}

	Optional<Webhook> find(String partnerId, UUID id) {
		return this.repository.findById(id).filter((w) -> w.partnerId().equals(partnerId));
	}

	Webhook change(Webhook webhook, @Nullable String url, @Nullable List<Webhook.Kind> kinds,
			@Nullable Boolean enabled) {
		if (url != null) {
			refuseUrl(url);
		}
		if (kinds != null && kinds.isEmpty()) {
			throw new Refused("kinds", "'kinds' must name at least one kind");
		}
		return this.repository.save(webhook.changed((url != null) ? url : webhook.url(),
				(kinds != null) ? Webhook.kinds(EnumSet.copyOf(kinds)) : webhook.kinds(),
				(enabled != null) ? enabled : webhook.enabled(), this.clock.instant()));
	}

	Created rotate(Webhook webhook) {
		String secret = SecretBox.newSecret();
		Instant now = this.clock.instant();
		Webhook saved = this.repository.save(webhook.rotated(this.secrets.seal(secret, webhook.id().toString()),
				now.plus(this.settings.rotationOverlap()), now));
		return new Created(saved, secret);
	}

	void delete(Webhook webhook) {
		this.repository.deleteById(webhook.id());
	}

	/**
	 * The secrets that sign now: the current one, and the previous during the overlap.
	 */
	List<String> signingSecrets(Webhook webhook) {
		List<String> secrets = new ArrayList<>(2);
		secrets.add(this.secrets.open(webhook.secret(), webhook.id().toString()));
		byte[] previous = webhook.previousSecret();
		Instant until = webhook.previousSecretUntil();
		if (previous != null && until != null && until.isAfter(this.clock.instant())) {
			secrets.add(this.secrets.open(previous, webhook.id().toString()));
		}
		return secrets;
	}

	private void refuseUrl(String url) {
		if (url.length() > 2048) {
			throw new Refused("url", "'url' is longer than 2048 characters");
		}
		String problem = this.destinations.problem(url);
		if (problem != null) {
			throw new Refused("url", problem);
		}
	}

	/** A registration and its secret in clear, to show once. */
	record Created(Webhook webhook, String secret) {
	}

	/** A request refused: a 400 naming the field. */
	static final class Refused extends RuntimeException {

		private final String field;

		Refused(String field, String message) {
			super(message);
			this.field = field;
		}

		String field() {
			return this.field;
		}

	}

}
