package com.acme.tracking.history;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A courier position as the warehouse holds it.
 *
 * @param courierId the courier
 * @param lat latitude
 * @param lon longitude
 * @param accuracyMeters accuracy
 * @param speedMetersPerSecond speed
 * @param headingDegrees heading
 * @param recordedAt device time
 * @param partition Kafka partition
 * @param offset Kafka offset
 */
public record HistoricPosition(String courierId, double lat, double lon, @Nullable Float accuracyMeters,
		@Nullable Float speedMetersPerSecond, @Nullable Float headingDegrees, Instant recordedAt, int partition,
		long offset) {

	/** Its place in the keyset order (and its identity). */
	public PageKey key() {
		return new PageKey(this.recordedAt, this.partition, this.offset);
	}

}
