package com.acme.tracking.history;

import java.sql.Timestamp;

import org.jspecify.annotations.Nullable;

/**
 * One row of {@code courier_positions}.
 *
 * @param courierId the courier
 * @param lat latitude
 * @param lon longitude
 * @param accuracyMeters accuracy
 * @param speedMetersPerSecond speed
 * @param headingDegrees heading
 * @param recordedAt device time
 * @param ingestedAt when the writer wrote it
 * @param partition its Kafka partition
 * @param offset its Kafka offset: with the partition, the row's identity
 */
public record PositionRow(String courierId, double lat, double lon, @Nullable Float accuracyMeters,
		@Nullable Float speedMetersPerSecond, @Nullable Float headingDegrees, Timestamp recordedAt,
		Timestamp ingestedAt, int partition, long offset) {

	static final String COLUMNS = "courier_id, lat, lon, accuracy_meters, speed_meters_per_second, heading_degrees, "
			+ "recorded_at, ingested_at, kafka_partition, kafka_offset";

	Object[] values() {
		return new Object[] { this.courierId, this.lat, this.lon, this.accuracyMeters, this.speedMetersPerSecond,
				this.headingDegrees, this.recordedAt, this.ingestedAt, this.partition, this.offset };
	}

}
