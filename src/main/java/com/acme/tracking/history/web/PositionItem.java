package com.acme.tracking.history.web;

import java.time.Instant;

import com.acme.tracking.history.HistoricPosition;
import org.jspecify.annotations.Nullable;

/**
 * A position in a courier's track.
 *
 * @param courierId the courier
 * @param lat latitude
 * @param lon longitude
 * @param accuracyMeters accuracy
 * @param speedMetersPerSecond speed
 * @param headingDegrees heading
 * @param recordedAt device time
 */
record PositionItem(String courierId, double lat, double lon, @Nullable Float accuracyMeters,
		@Nullable Float speedMetersPerSecond, @Nullable Float headingDegrees, Instant recordedAt) {

	static PositionItem of(HistoricPosition p) {
		return new PositionItem(p.courierId(), p.lat(), p.lon(), p.accuracyMeters(), p.speedMetersPerSecond(),
				p.headingDegrees(), p.recordedAt());
	}

}
