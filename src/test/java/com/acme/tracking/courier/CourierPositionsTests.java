package com.acme.tracking.courier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.acme.tracking.shared.GeoPoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CourierPositionsTests {

	final List<Position> heard = new ArrayList<>();

	final CourierPositions positions;

	final Instant t0 = Instant.parse("2026-11-25T12:00:00Z");

	CourierPositionsTests() {
		this.positions = new CourierPositions();
		this.positions.observe(this.heard::add);
	}

	@Test
	void olderFixNeverReplacesANewerOne() {
		assertThat(this.positions.apply(fix(10, 1.0))).isTrue();
		assertThat(this.positions.apply(fix(5, 2.0))).isFalse();
		assertThat(this.positions.apply(fix(10, 3.0))).as("same time: a duplicate").isFalse();
		assertThat(this.positions.find("k1"))
			.hasValueSatisfying((live) -> assertThat(live.position().point().lat()).isEqualTo(1.0));
		assertThat(this.heard).hasSize(1);
	}

	@Test
	void recentSpeedFollowsTheFixes() {
		this.positions.apply(new Position("k1", new GeoPoint(0, 0), null, null, null, this.t0));
		this.positions.apply(new Position("k1", new GeoPoint(0.001, 0), null, null, null, this.t0.plusSeconds(10)));
		double speed = this.positions.find("k1").orElseThrow().recentSpeedMetersPerSecond();
		assertThat(speed).as("30% of 11.1 m/s").isBetween(3.0, 3.7);
		this.positions.apply(new Position("k1", new GeoPoint(0.002, 0), null, 20f, null, this.t0.plusSeconds(20)));
		assertThat(this.positions.find("k1").orElseThrow().recentSpeedMetersPerSecond()).isGreaterThan(speed);
	}

	@Test
	void silentCouriersAreEvicted() {
		this.positions.apply(fix(0, 1.0));
		this.positions.apply(new Position("k2", new GeoPoint(1, 1), null, null, null, this.t0.plusSeconds(100)));
		assertThat(this.positions.evictSilentSince(this.t0.plusSeconds(50))).isEqualTo(1);
		assertThat(this.positions.find("k1")).isEmpty();
		assertThat(this.positions.find("k2")).isPresent();
	}

	private Position fix(int second, double lat) {
		return new Position("k1", new GeoPoint(lat, 0), 5f, null, null, this.t0.plusSeconds(second));
	}

}
