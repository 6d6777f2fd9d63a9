package com.acme.tracking.delivery.ingest;

import java.time.Duration;
import java.time.Instant;

import com.acme.tracking.delivery.DeliveryEventReceived;
import com.acme.tracking.shared.CustomerIds;
import com.acme.tracking.delivery.DeliveryStatus;
import com.acme.tracking.shared.GeoPoint;
import com.acme.tracking.shared.InputBounds;
import com.acme.tracking.shared.avro.AvroCodec;
import com.acme.tracking.shared.avro.PublishedSchemas;
import com.acme.tracking.shared.avro.RejectedRecord;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a {@code tracking.delivery-events.v1} value and checks what the schema cannot:
 * ids present and within {@link InputBounds}, coordinates on Earth, the fields
 * {@code CREATED} and {@code COURIER_ASSIGNED} require, a time within
 * {@link InputBounds}. The live ingest and the history writer both read through it, so
 * they reach the same verdict on every record.
 */
public final class DeliveryEventMapper {

	private final AvroCodec<DeliveryEvent> codec = AvroCodec.of(DeliveryEvent.class,
			PublishedSchemas.of("DeliveryEvent"));

	private final Duration maxClockSkew;

	private final CustomerIds customers;

	/**
	 * @param maxClockSkew how far in the future an event's time may be
	 * @param customers the erased customers: an event of one names it by its pseudonym
	 */
	public DeliveryEventMapper(Duration maxClockSkew, CustomerIds customers) {
		this.maxClockSkew = maxClockSkew;
		this.customers = customers;
	}

	public DeliveryEventReceived map(byte[] value, @Nullable String contentType, Instant producedAt) {
		DeliveryEvent event = this.codec.decode(value, contentType);
		String eventId = required(event.getEventId(), "eventId");
		String orderId = required(event.getOrderId(), "orderId");
		DeliveryStatus type = DeliveryStatus.valueOf(event.getType().name());
		Instant occurredAt = event.getOccurredAt();
		reject(InputBounds.timeProblem("occurredAt", occurredAt, producedAt, this.maxClockSkew));
		String customerId = optional(event.getCustomerId(), "customerId");
		if (CustomerIds.isPseudonym(customerId)) {
			throw new RejectedRecord("customerId must not begin with '" + CustomerIds.PSEUDONYM_PREFIX + "'");
		}
		String partnerId = optional(event.getPartnerId(), "partnerId");
		String courierId = optional(event.getCourierId(), "courierId");
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
		return new DeliveryEventReceived(eventId, orderId, type, occurredAt, this.customers.live(customerId), partnerId,
				destination, courierId, location);
	}

	private static String required(@Nullable String value, String field) {
		if (value == null || value.isBlank()) {
			throw new RejectedRecord("missing required field '" + field + "'");
		}
		reject(InputBounds.idProblem(field, value));
		return value;
	}

	/** An optional id: null when absent or blank, else within the bounds. */
	private static @Nullable String optional(@Nullable String value, String field) {
		if (value == null || value.isBlank()) {
			return null;
		}
		reject(InputBounds.idProblem(field, value));
		return value;
	}

	private static void reject(@Nullable String problem) {
		if (problem != null) {
			throw new RejectedRecord(problem);
		}
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
