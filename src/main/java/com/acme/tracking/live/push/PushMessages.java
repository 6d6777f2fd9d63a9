package com.acme.tracking.live.push;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.acme.tracking.delivery.DeliveryStatus;
import com.acme.tracking.delivery.EtaEstimate;
import com.acme.tracking.delivery.Tracking;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The push bodies of DESIGN.md, serialized once per message (not once per subscriber):
 * {@code snapshot}, {@code position}, {@code status}, {@code notification}, each JSON
 * with a {@code type} field.
 */
final class PushMessages {

	private final JsonMapper json;

	PushMessages(JsonMapper json) {
		this.json = json;
	}

	byte[] snapshot(String orderId, Tracking tracking) {
		return write(Map.of("type", "snapshot", "orderId", orderId, "tracking", tracking));
	}

	/**
	 * An order's courier position, with the order's estimated arrival when there is one
	 * ({@code estimatedArrivalAt}, {@code estimatedArrivalRange}, as in the tracking
	 * body).
	 */
	byte[] position(String orderId, Tracking.Location position, @Nullable EtaEstimate estimate) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("type", "position");
		fields.put("orderId", orderId);
		fields.put("position", position);
		if (estimate != null) {
			fields.put("estimatedArrivalAt", estimate.estimatedArrivalAt());
			fields.put("estimatedArrivalRange", new Tracking.ArrivalRange(estimate.earliest(), estimate.latest()));
		}
		return write(fields);
	}

	byte[] courierPosition(String courierId, Tracking.Location position) {
		return write(Map.of("type", "position", "courierId", courierId, "position", position));
	}

	byte[] status(String orderId, DeliveryStatus status, Instant statusAt) {
		return write(Map.of("type", "status", "orderId", orderId, "status", status, "statusAt", statusAt));
	}

	byte[] notification(String orderId, String kind, Instant at) {
		return write(Map.of("type", "notification", "orderId", orderId, "kind", kind, "at", at));
	}

	private byte[] write(Map<String, Object> fields) {
		// "type" first, the rest in a stable order.
		Map<String, Object> ordered = new LinkedHashMap<>();
		ordered.put("type", fields.get("type"));
		fields.forEach(ordered::putIfAbsent);
		return this.json.writeValueAsBytes(ordered);
	}

}
