package com.acme.tracking.notification;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.acme.tracking.delivery.Delivery;
import com.acme.tracking.delivery.DeliveryChanged;
import com.acme.tracking.delivery.DeliveryObserver;
import com.acme.tracking.delivery.Eta;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.kafka.CatchUp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every status change and the arriving and arrived events to
 * {@value Topics#NOTIFICATIONS} (key orderId, JSON), for the push-notification service
 * and partner webhooks: only for the orders this replica owns, and only once caught up (a
 * replica replaying its look-back republishes nothing). The {@code notificationId}
 * {@code {orderId}:{kind}:{status}} is deterministic, so the rare duplicate around a
 * rebalance can be dropped downstream. Wired to the orders by {@link NotificationWiring}.
 */
@Component
class NotificationPublisher implements DeliveryObserver {

	private final KafkaTemplate<String, byte[]> kafka;

	private final NotificationOwnership ownership;

	private final CatchUp catchUp;

	private final Eta eta;

	private final JsonMapper json;

	/**
	 * Published notifications by kind, registered at 0 so that alerts see every series.
	 */
	private final Map<String, Counter> published = new LinkedHashMap<>();

	NotificationPublisher(KafkaTemplate<String, byte[]> kafka, NotificationOwnership ownership, CatchUp catchUp,
			Eta eta, JsonMapper json, MeterRegistry meters) {
		this.kafka = kafka;
		this.ownership = ownership;
		this.catchUp = catchUp;
		this.eta = eta;
		this.json = json;
		for (String kind : new String[] { "STATUS", "ARRIVING", "ARRIVED" }) {
			this.published.put(kind,
					Counter.builder("tracking.notifications.published")
						.description("Notifications published to " + Topics.NOTIFICATIONS)
						.tag("kind", kind)
						.register(meters));
		}
	}

	@Override
	public void changed(DeliveryChanged change) {
		Delivery after = change.after();
		if (!this.catchUp.caughtUp() || !this.ownership.owns(after.orderId())) {
			return;
		}
		if (change.statusChanged()) {
			publish(after, "STATUS", after.statusAt());
		}
		if (change.becameArriving()) {
			publish(after, "ARRIVING", after.arrivingAt());
		}
		if (change.becameArrived()) {
			publish(after, "ARRIVED", after.arrivedAt());
		}
	}

	private void publish(Delivery delivery, String kind, @Nullable Instant at) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("notificationId", delivery.orderId() + ":" + kind + ":" + delivery.status());
		body.put("orderId", delivery.orderId());
		body.put("partnerId", delivery.partnerId());
		body.put("kind", kind);
		body.put("status", delivery.status());
		body.put("at", at);
		body.put("etaSeconds", this.eta.seconds(delivery));
		this.kafka.send(Topics.NOTIFICATIONS, delivery.orderId(), this.json.writeValueAsBytes(body));
		this.published.get(kind).increment();
	}

}
