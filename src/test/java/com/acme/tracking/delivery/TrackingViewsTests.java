package com.acme.tracking.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.acme.tracking.access.Caller;
import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.CourierSettings;
import com.acme.tracking.courier.Position;
import com.acme.tracking.courier.PositionObserver;
import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

class TrackingViewsTests {

	static final GeoPoint DESTINATION = new GeoPoint(52.52, 13.405);

	final Instant t0 = Instant.parse("2026-11-25T12:00:00Z");

	final Instant now = this.t0.plusSeconds(100);

	final CourierPositions couriers;

	final DeliveryStates deliveries;

	final TrackingViews views;

	int ids;

	TrackingViewsTests() {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		TrackingSettings settings = new TrackingSettings(500, 50, 2, 1.3, Duration.ofHours(2), Duration.ofHours(24),
				Duration.ofHours(1), Duration.ofMinutes(1));
		Clock clock = Clock.fixed(this.now, ZoneOffset.UTC);
		this.couriers = new CourierPositions(beans.getBeanProvider(PositionObserver.class));
		this.deliveries = new DeliveryStates(this.couriers, settings, clock,
				beans.getBeanProvider(DeliveryObserver.class));
		beans.registerSingleton("orders", this.deliveries);
		this.views = new TrackingViews(this.deliveries, this.couriers, settings,
				new CourierSettings(Duration.ofSeconds(60)), clock);
	}

	@Test
	void etaIsRemainingRoadDistanceOverRecentSpeed() {
		pickedUp();
		// 0.01 degrees of latitude is 1112 m; 1.3 times that at 10 m/s is 145 s.
		move(0.01, 10f, 90);
		assertThat(tracking(Caller.View.CUSTOMER).etaSeconds()).isBetween(144L, 146L);
	}

	@Test
	void etaUsesTheSpeedFloorForACourierStandingStill() {
		pickedUp();
		move(0.01, 0f, 90);
		// 1445 m at the 2 m/s floor.
		assertThat(tracking(Caller.View.CUSTOMER).etaSeconds()).isBetween(722L, 724L);
	}

	@Test
	void etaIsNullBeforePickupZeroOnceArrivedAndNullAfterTheEnd() {
		event(DeliveryStatus.COURIER_ASSIGNED, 5, "k1");
		move(0.01, 10f, 90);
		assertThat(tracking(Caller.View.PARTNER).etaSeconds()).isNull();
		event(DeliveryStatus.PICKED_UP, 10, "k1");
		move(0.0001, 10f, 95);
		assertThat(tracking(Caller.View.CUSTOMER).etaSeconds()).isZero();
		event(DeliveryStatus.DELIVERED, 96, "k1");
		assertThat(tracking(Caller.View.CUSTOMER).etaSeconds()).isNull();
	}

	@Test
	void aCustomerSeesTheCourierOnlyFromPickupAndNeverItsId() {
		event(DeliveryStatus.COURIER_ASSIGNED, 5, "k1");
		move(0.02, 10f, 8);
		assertThat(tracking(Caller.View.CUSTOMER).courier()).isNull();
		assertThat(tracking(Caller.View.PARTNER).courier().courierId()).isEqualTo("k1");
		event(DeliveryStatus.PICKED_UP, 10, "k1");
		assertThat(tracking(Caller.View.CUSTOMER).courier()).as("the last fix is from before the pickup").isNull();
		move(0.01, 10f, 20);
		assertThat(tracking(Caller.View.CUSTOMER).courier().courierId()).isNull();
		assertThat(tracking(Caller.View.CUSTOMER).courier().position().ageSeconds()).isEqualTo(80);
		assertThat(tracking(Caller.View.CUSTOMER).courier().position().stale()).isTrue();
	}

	@Test
	void theEtagChangesWithTheStateButNotWithAgeAlone() {
		pickedUp();
		move(0.01, 10f, 90);
		String first = this.views.find("o1", owner()).orElseThrow().etag();
		assertThat(this.views.find("o1", owner()).orElseThrow().etag()).isEqualTo(first);
		move(0.009, 10f, 91);
		assertThat(this.views.find("o1", owner()).orElseThrow().etag()).isNotEqualTo(first);
	}

	@Test
	void anOrderIsAbsentForCallersWhoMayNotSeeIt() {
		pickedUp();
		assertThat(this.views.find("o1", new Caller("c2", java.util.Set.of(Caller.Role.CUSTOMER), null, null)))
			.isEmpty();
		assertThat(this.views.find("o1", new Caller("m", java.util.Set.of(Caller.Role.PARTNER), "p2", null))).isEmpty();
		assertThat(this.views.find("o1", Caller.shareLink("o2"))).isEmpty();
		assertThat(this.views.find("o1", Caller.shareLink("o1"))).isPresent();
		assertThat(this.views.find("o1", new Caller("m", java.util.Set.of(Caller.Role.PARTNER), "p1", null)))
			.hasValueSatisfying((s) -> assertThat(s.view()).isEqualTo(Caller.View.PARTNER));
	}

	private Caller owner() {
		return new Caller("c1", java.util.Set.of(Caller.Role.CUSTOMER), null, null);
	}

	private Tracking tracking(Caller.View view) {
		return this.views.render(this.deliveries.find("o1").orElseThrow(), view).tracking();
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
