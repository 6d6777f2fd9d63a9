package com.acme.tracking.shared.avro;

import java.time.Instant;

import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.delivery.ingest.DeliveryEvent;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;

/** Valid records of both contracts, for the codec tests. */
final class AvroSamples {

	private AvroSamples() {
	}

	static DeliveryEvent created() {
		return DeliveryEvent.newBuilder()
			.setEventId("e-1")
			.setOrderId("o-1")
			.setType(DeliveryEventType.CREATED)
			.setOccurredAt(Instant.ofEpochMilli(1_764_000_000_123L))
			.setCustomerId("c-1")
			.setPartnerId("p-1")
			.setDestination(new GeoPoint(-23.56168, -46.65598))
			.build();
	}

	static CourierPosition position() {
		return CourierPosition.newBuilder()
			.setCourierId("k-1")
			.setLat(-23.5)
			.setLon(-46.6)
			.setAccuracyMeters(4.5f)
			.setRecordedAt(Instant.ofEpochMilli(1_764_000_000_456L))
			.build();
	}

}
