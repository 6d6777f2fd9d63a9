package com.acme.tracking.courier.ingest;

import java.time.Duration;
import java.time.Instant;

import com.acme.tracking.courier.Position;
import com.acme.tracking.shared.GeoPoint;
import com.acme.tracking.shared.InputBounds;
import com.acme.tracking.shared.avro.AvroCodec;
import com.acme.tracking.shared.avro.PublishedSchemas;
import com.acme.tracking.shared.avro.RejectedRecord;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a {@code tracking.courier-positions.v1} value and checks what the schema
 * cannot: a courier id within {@link InputBounds}, coordinates on Earth (no NaN), sane
 * optional readings, a time within {@link InputBounds}. The live ingest and the history
 * writer both read through it, so they reach the same verdict on every record.
 */
public final class CourierPositionMapper {

	private final AvroCodec<CourierPosition> codec = AvroCodec.of(CourierPosition.class,
			PublishedSchemas.of("CourierPosition"));

	private final Duration maxClockSkew;

	public CourierPositionMapper(Duration maxClockSkew) {
		this.maxClockSkew = maxClockSkew;
	}

	public Position map(byte[] value, @Nullable String contentType, Instant producedAt) {
		CourierPosition position = this.codec.decode(value, contentType);
		String courierId = position.getCourierId();
		if (courierId == null || courierId.isBlank()) {
			throw new RejectedRecord("missing required field 'courierId'");
		}
		reject(InputBounds.idProblem("courierId", courierId));
		if (!GeoPoint.isValid(position.getLat(), position.getLon())) {
			throw new RejectedRecord("invalid coordinates: " + position.getLat() + "," + position.getLon());
		}
		Instant recordedAt = position.getRecordedAt();
		reject(InputBounds.timeProblem("recordedAt", recordedAt, producedAt, this.maxClockSkew));
		return new Position(courierId, new GeoPoint(position.getLat(), position.getLon()),
				nonNegative(position.getAccuracyMeters(), "accuracyMeters"),
				nonNegative(position.getSpeedMetersPerSecond(), "speedMetersPerSecond"),
				heading(position.getHeadingDegrees()), recordedAt);
	}

	private static void reject(@Nullable String problem) {
		if (problem != null) {
			throw new RejectedRecord(problem);
		}
	}

	private static @Nullable Float nonNegative(@Nullable Float value, String field) {
		if (value != null && !(value >= 0 && Float.isFinite(value))) {
			throw new RejectedRecord("invalid " + field + ": " + value);
		}
		return value;
	}

	private static @Nullable Float heading(@Nullable Float value) {
		if (value != null && !(value >= 0 && value <= 360)) {
			throw new RejectedRecord("invalid headingDegrees: " + value);
		}
		return value;
	}

}
