package com.acme.tracking.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.acme.tracking.access.Caller;
import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.CourierSettings;
import com.acme.tracking.courier.Position;
import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrackingBodyTests {

	static final GeoPoint DESTINATION = new GeoPoint(52.52, 13.405);

	final Instant t0 = Instant.parse("2026-11-25T12:00:00Z");

	final Instant now = this.t0.plusSeconds(100);

	final CourierPositions couriers;

	final DeliveryStates deliveries;

	final OrderTracking tracking;

	final Eta eta;

	int ids;

	TrackingBodyTests() {
		TrackingSettings settings = new TrackingSettings(500, 50, 1.3, Duration.ofHours(2), Duration.ofHours(24),
				Duration.ofMinutes(1));
		Clock clock = Clock.fixed(this.now, ZoneOffset.UTC);
		this.couriers = new CourierPositions();
		this.deliveries = new DeliveryStates(this.couriers, settings, clock);
		this.couriers.observe(this.deliveries::moved);
		this.eta = new Eta(this.couriers, new EtaModels(EtaModel.fallback(1.3, 5, this.t0)), clock);
		this.deliveries.observe(this.eta);
		this.tracking = new OrderTracking(this.deliveries, this.couriers, this.eta,
				new CourierSettings(Duration.ofSeconds(60), Duration.ofHours(1)), clock);
	}

	@Test
	void etaCountsFromNowWhatTheModelGivesFromThePositionsTime() {
		pickedUp();
		// 0.01 degrees of latitude is 1112 m; without history, 1.3 times that at 5 m/s
		// is 289 s from the fix at 90 s, 279 s from now (100 s).
		move(0.01, 10f, 90);
		assertThat(tracking(Audience.CUSTOMER).etaSeconds()).isBetween(279L, 280L);
		EtaEstimate estimate = this.eta.estimate(this.deliveries.find("o1").orElseThrow());
		assertThat(estimate.estimatedArrivalAt()).isBetween(this.t0.plusSeconds(379), this.t0.plusSeconds(380));
		assertThat(estimate.earliest()).isBefore(estimate.estimatedArrivalAt());
		assertThat(estimate.latest()).isAfter(estimate.estimatedArrivalAt());
	}

	@Test
	void etaDoesNotFollowTheCouriersMomentarySpeed() {
		pickedUp();
		move(0.01, 0f, 90);
		// The same 1112 m as above: a courier at a red light is not given half an hour.
		assertThat(tracking(Audience.CUSTOMER).etaSeconds()).isBetween(279L, 280L);
	}

	@Test
	void etaIsNullBeforePickupZeroOnceArrivedAndNullAfterTheEnd() {
		event(DeliveryStatus.COURIER_ASSIGNED, 5, "k1");
		move(0.01, 10f, 90);
		assertThat(tracking(Audience.PARTNER).etaSeconds()).isNull();
		event(DeliveryStatus.PICKED_UP, 10, "k1");
		move(0.0001, 10f, 95);
		assertThat(tracking(Audience.CUSTOMER).etaSeconds()).isZero();
		event(DeliveryStatus.DELIVERED, 96, "k1");
		assertThat(tracking(Audience.CUSTOMER).etaSeconds()).isNull();
	}

	@Test
	void aCustomerSeesTheCourierOnlyFromPickupAndNeverItsId() {
		event(DeliveryStatus.COURIER_ASSIGNED, 5, "k1");
		move(0.02, 10f, 8);
		assertThat(tracking(Audience.CUSTOMER).courier()).isNull();
		assertThat(tracking(Audience.PARTNER).courier().courierId()).isEqualTo("k1");
		event(DeliveryStatus.PICKED_UP, 10, "k1");
		assertThat(tracking(Audience.CUSTOMER).courier()).as("the last fix is from before the pickup").isNull();
		move(0.01, 10f, 20);
		assertThat(tracking(Audience.CUSTOMER).courier().courierId()).isNull();
		assertThat(tracking(Audience.CUSTOMER).courier().position().ageSeconds()).isEqualTo(80);
		assertThat(tracking(Audience.CUSTOMER).courier().position().stale()).isTrue();
	}

	@Test
	void theEtagChangesWithTheStateButNotWithAgeAlone() {
		pickedUp();
		move(0.01, 10f, 90);
		String first = this.tracking.find("o1", owner()).orElseThrow().etag();
		assertThat(this.tracking.find("o1", owner()).orElseThrow().etag()).isEqualTo(first);
		move(0.009, 10f, 91);
		assertThat(this.tracking.find("o1", owner()).orElseThrow().etag()).isNotEqualTo(first);
	}

	@Test
	void anOrderIsAbsentForCallersWhoMayNotSeeIt() {
		pickedUp();
		assertThat(this.tracking.find("o1", new Caller("c2", java.util.Set.of(Caller.Role.CUSTOMER), null, null)))
			.isEmpty();
		assertThat(this.tracking.find("o1", new Caller("m", java.util.Set.of(Caller.Role.PARTNER), "p2", null)))
			.isEmpty();
		assertThat(this.tracking.find("o1", Caller.shareLink("o2"))).isEmpty();
		assertThat(this.tracking.find("o1", Caller.shareLink("o1"))).isPresent();
		assertThat(this.tracking.find("o1", new Caller("m", java.util.Set.of(Caller.Role.PARTNER), "p1", null)))
			.hasValueSatisfying((s) -> assertThat(s.audience()).isEqualTo(Audience.PARTNER));
	}

	private Caller owner() {
		return new Caller("c1", java.util.Set.of(Caller.Role.CUSTOMER), null, null);
	}

	private Tracking tracking(Audience audience) {
		return this.tracking.render(this.deliveries.find("o1").orElseThrow(), audience).tracking();
	}

	private void pickedUp() {
		event(DeliveryStatus.COURIER_ASSIGNED, 5, "k1");
		event(DeliveryStatus.PICKED_UP, 10, "k1");
	}

	private void move(double degreesSouth, float speed, int second) {
		this.couriers.apply(new Position("k1", new GeoPoint(DESTINATION.lat() - degreesSouth, DESTINATION.lon()), 5f,
				speed, null, this.t0.plusSeconds(second)));
	}

	private void event(DeliveryStatus type, int second, @Nullable String courierId) {
		this.deliveries.apply(new DeliveryEventReceived("e" + (++this.ids), "o1", type, this.t0.plusSeconds(second),
				"c1", "p1", DESTINATION, courierId, null));
	}

}
