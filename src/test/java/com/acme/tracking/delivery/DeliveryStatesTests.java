package com.acme.tracking.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.Position;
import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStatesTests {

	static final GeoPoint DESTINATION = new GeoPoint(52.52, 13.405);

	final Instant t0 = Instant.parse("2026-11-25T12:00:00Z");

	final List<DeliveryChanged> changes = new ArrayList<>();

	final List<OrderCourierMoved> moves = new ArrayList<>();

	final DeliveryStates deliveries;

	final CourierPositions couriers;

	int ids;

	DeliveryStatesTests() {
		this.couriers = new CourierPositions();
		this.deliveries = new DeliveryStates(this.couriers,
				new TrackingSettings(500, 50, 1.3, Duration.ofHours(2), Duration.ofHours(24), Duration.ofMinutes(1)),
				Clock.fixed(this.t0.plusSeconds(600), ZoneOffset.UTC));
		this.couriers.observe(this.deliveries::moved);
		this.deliveries.observe(new DeliveryObserver() {

			@Override
			public void changed(DeliveryChanged change) {
				DeliveryStatesTests.this.changes.add(change);
			}

			@Override
			public void courierMoved(OrderCourierMoved moved) {
				DeliveryStatesTests.this.moves.add(moved);
			}

		});
	}

	@Test
	void aCourierMovesTheOrdersItIsAssignedToOrCarriesUntilTheyEnd() {
		apply("o1", DeliveryStatus.COURIER_ASSIGNED, 1, "k1");
		apply("o2", DeliveryStatus.PICKED_UP, 2, "k1");
		assertThat(movedBy("k1", 5)).containsExactlyInAnyOrder("o1", "o2");
		apply("o1", DeliveryStatus.COURIER_ASSIGNED, 3, "k2");
		apply("o2", DeliveryStatus.DELIVERED, 4, "k1");
		assertThat(movedBy("k1", 6)).isEmpty();
		assertThat(movedBy("k2", 7)).containsExactly("o1");
	}

	@Test
	void theMoveCarriesTheOrderStateAfterTheFix() {
		apply("o1", DeliveryStatus.CREATED, 0, null);
		apply("o1", DeliveryStatus.PICKED_UP, 10, "k1");
		this.couriers.apply(new Position("k1", new GeoPoint(DESTINATION.lat() - 0.003, DESTINATION.lon()), 5f, null,
				null, this.t0.plusSeconds(20)));
		assertThat(this.moves).singleElement().satisfies((moved) -> {
			assertThat(moved.delivery().arrivingAt()).as("arriving applied before the move is told")
				.isEqualTo(this.t0.plusSeconds(20));
			assertThat(moved.position().recordedAt()).isEqualTo(this.t0.plusSeconds(20));
		});
	}

	private List<String> movedBy(String courierId, int second) {
		this.moves.clear();
		this.couriers.apply(new Position(courierId, new GeoPoint(0, 0), 5f, null, null, this.t0.plusSeconds(second)));
		return this.moves.stream().map((moved) -> moved.delivery().orderId()).toList();
	}

	@Test
	void aFixOfTheCarryingCourierMarksTheOrderArrivingAndObserversHearOfIt() {
		apply("o1", DeliveryStatus.CREATED, 0, null);
		apply("o1", DeliveryStatus.PICKED_UP, 10, "k1");
		this.changes.clear();
		this.couriers.apply(new Position("k1", new GeoPoint(DESTINATION.lat() - 0.003, DESTINATION.lon()), 5f, null,
				null, this.t0.plusSeconds(20)));
		assertThat(this.deliveries.find("o1").orElseThrow().arrivingAt()).isEqualTo(this.t0.plusSeconds(20));
		assertThat(this.changes).singleElement().satisfies((change) -> {
			assertThat(change.becameArriving()).isTrue();
			assertThat(change.statusChanged()).isFalse();
		});
	}

	@Test
	void aCourierAlreadyInsideTheRadiusAtPickupMarksItAtOnce() {
		apply("o1", DeliveryStatus.CREATED, 0, null);
		apply("o1", DeliveryStatus.COURIER_ASSIGNED, 5, "k1");
		this.couriers.apply(new Position("k1", new GeoPoint(DESTINATION.lat() - 0.001, DESTINATION.lon()), 5f, null,
				null, this.t0.plusSeconds(30)));
		assertThat(this.deliveries.find("o1").orElseThrow().arrivingAt()).isNull();
		apply("o1", DeliveryStatus.PICKED_UP, 20, "k1");
		assertThat(this.deliveries.find("o1").orElseThrow().arrivingAt()).isEqualTo(this.t0.plusSeconds(30));
	}

	@Test
	void endedAndIdleOrdersAreEvicted() {
		apply("ended", DeliveryStatus.DELIVERED, 0, "k1");
		apply("going", DeliveryStatus.PICKED_UP, 0, "k2");
		assertThat(this.deliveries.evict(this.t0.plusSeconds(1), this.t0.minusSeconds(1))).isEqualTo(1);
		assertThat(this.deliveries.find("ended")).isEmpty();
		assertThat(this.deliveries.find("going")).isPresent();
		assertThat(this.deliveries.evict(this.t0, this.t0.plusSeconds(601))).isEqualTo(1);
		assertThat(this.deliveries.size()).isZero();
		assertThat(movedBy("k2", 700)).isEmpty();
	}

	private void apply(String orderId, DeliveryStatus type, int second, @Nullable String courierId) {
		this.deliveries.apply(new DeliveryEventReceived("e" + (++this.ids), orderId, type, this.t0.plusSeconds(second),
				"c1", "p1", DESTINATION, courierId, null));
	}

}
