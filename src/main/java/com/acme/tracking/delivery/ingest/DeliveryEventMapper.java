package com.acme.tracking.delivery.ingest;

import java.time.Duration;
import java.time.Instant;

import com.acme.tracking.delivery.DeliveryEventReceived;
import com.acme.tracking.delivery.DeliveryStatus;
import com.acme.tracking.shared.GeoPoint;
import com.acme.tracking.shared.avro.AvroCodec;
import com.acme.tracking.shared.avro.PublishedSchemas;
import com.acme.tracking.shared.avro.RejectedRecord;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a {@code tracking.delivery-events.v1} value and checks what the schema cannot:
 * ids present, coordinates on Earth, the fields {@code CREATED} and
 * {@code COURIER_ASSIGNED} require, no time far in the future.
 */
public final class DeliveryEventMapper {

	private final AvroCodec<DeliveryEvent> codec = AvroCodec.of(DeliveryEvent.class,
			PublishedSchemas.of("DeliveryEvent"));

	private final Duration maxClockSkew;

	public DeliveryEventMapper(Duration maxClockSkew) {
		this.maxClockSkew = maxClockSkew;
	}

	public DeliveryEventReceived map(byte[] value, @Nullable String contentType, Instant producedAt) {
		DeliveryEvent event = this.codec.decode(value, contentType);
		String eventId = required(event.getEventId(), "eventId");
		String orderId = required(event.getOrderId(), "orderId");
		DeliveryStatus type = DeliveryStatus.valueOf(event.getType().name());
		Instant occurredAt = event.getOccurredAt();
		if (occurredAt.isAfter(producedAt.plus(this.maxClockSkew))) {
			throw new RejectedRecord("occurredAt is in the future: " + occurredAt);
		}
		GeoPoint destination = point(event.getDestination(), "destination");
		GeoPoint location = point(event.getLocation(), "location");
		if (type == DeliveryStatus.CREATED) {
			required(event.getCustomerId(), "customerId");
			required(event.getPartnerId(), "partnerId");
			if (destination == null) {
				throw new RejectedRecord("missing required field 'destination' on CREATED");
			}
		}
		if (type == DeliveryStatus.COURIER_ASSIGNED) {
			required(event.getCourierId(), "courierId");
		}
		return new DeliveryEventReceived(eventId, orderId, type, occurredAt, blankToNull(event.getCustomerId()),
				blankToNull(event.getPartnerId()), destination, blankToNull(event.getCourierId()), location);
	}

	private static String required(@Nullable String value, String field) {
		if (value == null || value.isBlank()) {
			throw new RejectedRecord("missing required field '" + field + "'");
		}
		return value;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	private static @Nullable GeoPoint point(com.acme.tracking.delivery.ingest.@Nullable GeoPoint point, String field) {
		if (point == null) {
			return null;
		}
		if (!GeoPoint.isValid(point.getLat(), point.getLon())) {
			throw new RejectedRecord(
					"invalid coordinates in '" + field + "': " + point.getLat() + "," + point.getLon());
		}
		return new GeoPoint(point.getLat(), point.getLon());
	}

}
