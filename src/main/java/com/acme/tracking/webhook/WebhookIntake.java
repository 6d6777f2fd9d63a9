package com.acme.tracking.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.acme.tracking.shared.Topics;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * Reads the fleet's notifications (a consumer group shared by the replicas, so each
 * notification is read by one) and logs a delivery for each enabled webhook of the
 * order's partner that takes its kind. The batch's offsets are committed only once its
 * deliveries are in the log; a notification read twice logs nothing more.
 */
class WebhookIntake {

	private final WebhookRepository webhooks;

	private final DeliveryLog log;

	private final Dispatcher dispatcher;

	private final WebhookSettings settings;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Counter unreadable;

	WebhookIntake(WebhookRepository webhooks, DeliveryLog log, Dispatcher dispatcher, WebhookSettings settings,
			Clock clock, MeterRegistry meters) {
		this.webhooks = webhooks;
		this.log = log;
		this.dispatcher = dispatcher;
		this.settings = settings;
		this.clock = clock;
		this.unreadable = Counter.builder("tracking.webhooks.notifications.unreadable")
			.description("Notifications the webhook intake could not read (skipped)")
			.register(meters);
	}

	@KafkaListener(id = "webhook-intake", topics = Topics.NOTIFICATIONS,
			groupId = "${tracking.webhooks.group:tracking-webhooks}", containerFactory = "webhookListenerFactory",
			batch = "true")
	void take(List<ConsumerRecord<String, byte[]>> records) {
		Instant now = this.clock.instant();
		List<DeliveryLog.NewDelivery> batch = new java.util.ArrayList<>();
		java.util.Map<String, List<Webhook>> partners = new java.util.HashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			JsonNode notification;
			try {
				notification = this.json.readTree(record.value());
			}
			catch (RuntimeException ex) {
				this.unreadable.increment();
				continue;
			}
			String partnerId = text(notification, "partnerId");
			String id = text(notification, "notificationId");
			String orderId = text(notification, "orderId");
			String kind = text(notification, "kind");
			String at = text(notification, "at");
			if (partnerId == null || id == null || orderId == null || kind == null) {
				if (id == null || orderId == null || kind == null) {
					this.unreadable.increment();
				}
				continue;
			}
			Instant notifiedAt = (at != null) ? Instant.parse(at) : Instant.ofEpochMilli(record.timestamp());
			if (notifiedAt.isBefore(now.minus(this.settings.retryFor()))) {
				continue;
			}
			String body = new String(record.value(), StandardCharsets.UTF_8);
			for (Webhook webhook : partners.computeIfAbsent(partnerId, this.webhooks::findByPartnerIdAndEnabledTrue)) {
				if (webhook.gets(kind)) {
					batch.add(new DeliveryLog.NewDelivery(webhook.id(), id, orderId, kind, body, notifiedAt));
				}
			}
		}
		if (this.log.addAll(batch, now) > 0) {
			this.dispatcher.wake();
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

}
