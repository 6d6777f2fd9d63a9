package com.acme.tracking.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** The request and answer bodies of the webhook registration API. */
final class WebhookBodies {

	private WebhookBodies() {
	}

	/**
	 * A registration.
	 *
	 * @param url where to POST notifications: https on a public address
	 * @param kinds the notification kinds to send (all three when absent)
	 */
	record NewWebhook(
			@Schema(description = "Where to POST notifications: https on a public address", format = "uri",
					maxLength = 2048) String url,
			@Schema(description = "The notification kinds to send; all when absent",
					nullable = true) @Nullable List<Webhook.Kind> kinds) {
	}

	/**
	 * A change: each field present replaces the current one.
	 *
	 * @param url a new address
	 * @param kinds new kinds
	 * @param enabled enable or disable (enabling also clears a disabling by the service)
	 */
	record WebhookChange(@Schema(nullable = true, format = "uri", maxLength = 2048) @Nullable String url,
			@Schema(nullable = true) @Nullable List<Webhook.Kind> kinds,
			@Schema(nullable = true) @Nullable Boolean enabled) {
	}

	/**
	 * A webhook as its owner sees it (never its secret).
	 *
	 * @param id its id
	 * @param partnerId the partner it belongs to
	 * @param url where notifications go
	 * @param kinds the kinds sent
	 * @param enabled whether notifications are sent
	 * @param disabledReason why the service disabled it (24 h of failure), or null
	 * @param failingSince since when every attempt failed, or null
	 * @param previousSecretValidUntil until when the secret before the last rotation
	 * still signs, or null
	 * @param createdAt when it was registered
	 * @param updatedAt when it last changed
	 */
	record WebhookBody(UUID id, String partnerId, String url, List<Webhook.Kind> kinds, boolean enabled,
			@Schema(nullable = true) @Nullable String disabledReason,
			@Schema(nullable = true) @Nullable Instant failingSince,
			@Schema(nullable = true) @Nullable Instant previousSecretValidUntil, Instant createdAt, Instant updatedAt) {

		static WebhookBody of(Webhook webhook, Instant now) {
			Instant until = webhook.previousSecretUntil();
			return new WebhookBody(webhook.id(), webhook.partnerId(), webhook.url(), List.copyOf(webhook.kindSet()),
					webhook.enabled(), webhook.disabledReason(), webhook.failingSince(),
					(until != null && until.isAfter(now)) ? until : null, webhook.createdAt(), webhook.updatedAt());
		}

	}

	/**
	 * A new webhook, with its signing secret shown this once.
	 *
	 * @param id its id
	 * @param url where notifications go
	 * @param kinds the kinds sent
	 * @param enabled true
	 * @param secret the signing secret: keep it, it is never shown again
	 * @param createdAt when it was registered
	 */
	record CreatedWebhook(UUID id, String url, List<Webhook.Kind> kinds, boolean enabled, String secret,
			Instant createdAt) {
	}

	/**
	 * A rotated secret.
	 *
	 * @param secret the new signing secret, shown this once
	 * @param previousSecretValidUntil until when the old one still signs too
	 */
	record RotatedSecret(String secret, Instant previousSecretValidUntil) {
	}

	/**
	 * One notification for one webhook: its attempts and outcome.
	 *
	 * @param deliveryId its id (for a replay)
	 * @param notificationId the notification (Tracking-Webhook-Id)
	 * @param kind STATUS, ARRIVING, ARRIVED or PING
	 * @param orderId the order
	 * @param attempts attempts so far
	 * @param lastStatusCode the last attempt's HTTP status, or null (none yet, or no
	 * answer)
	 * @param lastError why the last attempt failed, or null
	 * @param lastLatencyMs how long the last attempt took
	 * @param notifiedAt the notification's time
	 * @param deliveredAt when it was delivered (a 2xx answer), or null
	 * @param nextAttemptAt when it is tried next, or null (delivered or given up)
	 * @param gaveUpAt when retrying stopped (24 h after the notification), or null
	 */
	record DeliveryItem(UUID deliveryId, String notificationId, String kind, String orderId, int attempts,
			@Schema(nullable = true) @Nullable Integer lastStatusCode,
			@Schema(nullable = true) @Nullable String lastError, @Schema(nullable = true) @Nullable Long lastLatencyMs,
			@Schema(nullable = true) @Nullable Instant notifiedAt,
			@Schema(nullable = true) @Nullable Instant deliveredAt,
			@Schema(nullable = true) @Nullable Instant nextAttemptAt,
			@Schema(nullable = true) @Nullable Instant gaveUpAt) {

		static DeliveryItem of(DeliveryLog.Delivery d) {
			return new DeliveryItem(d.id(), d.notificationId(), d.kind(), d.orderId(), d.attempts(), d.lastStatusCode(),
					d.lastError(), d.lastLatencyMillis(), d.notifiedAt(), d.deliveredAt(), d.nextAttemptAt(),
					d.gaveUpAt());
		}

	}

	/**
	 * A page of a webhook's delivery log, newest first.
	 *
	 * @param items the deliveries
	 * @param nextCursor the cursor of the next page, or null on the last
	 */
	record DeliveryPage(List<DeliveryItem> items, @Schema(nullable = true) @Nullable String nextCursor) {
	}

	/**
	 * An accepted request to send.
	 *
	 * @param deliveryId the delivery to follow in the log
	 */
	record Accepted(UUID deliveryId) {
	}

	/**
	 * The webhooks of a partner.
	 *
	 * @param items the webhooks, oldest first
	 */
	record WebhookList(List<WebhookBody> items) {
	}

}
