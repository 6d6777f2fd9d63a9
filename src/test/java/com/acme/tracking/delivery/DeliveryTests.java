package com.acme.tracking.delivery;

import java.time.Instant;

import com.acme.tracking.courier.Position;
import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryTests {

	static final GeoPoint DESTINATION = new GeoPoint(52.52, 13.405);

	static final ArrivalRadii RADII = new ArrivalRadii(500, 50);

	final Instant t0 = Instant.parse("2026-11-25T12:00:00Z");

	final Instant now = Instant.parse("2026-11-25T12:30:00Z");

	int ids;

	@Test
	void statusMovesForwardThroughTheLife() {
		Delivery delivery = Delivery.start(created(0), this.now);
		delivery = delivery.apply(event(DeliveryStatus.COURIER_ASSIGNED, 10, "k1"), this.now);
		delivery = delivery.apply(event(DeliveryStatus.PICKED_UP, 20, "k1"), this.now);
		assertThat(delivery.status()).isEqualTo(DeliveryStatus.PICKED_UP);
		assertThat(delivery.statusAt()).isEqualTo(this.t0.plusSeconds(20));
		assertThat(delivery.pickedUpAt()).isEqualTo(this.t0.plusSeconds(20));
		assertThat(delivery.courierId()).isEqualTo("k1");
		assertThat(delivery.customerId()).isEqualTo("c1");
		assertThat(delivery.version()).isEqualTo(3);
	}

	@Test
	void lateEventDoesNotMoveStatusBack() {
		Delivery delivery = Delivery.start(created(0), this.now)
			.apply(event(DeliveryStatus.OUT_FOR_DELIVERY, 30, "k1"), this.now);
		Delivery late = delivery.apply(event(DeliveryStatus.COURIER_ASSIGNED, 10, "k1"), this.now);
		assertThat(late.status()).isEqualTo(DeliveryStatus.OUT_FOR_DELIVERY);
		assertThat(late.version()).isEqualTo(delivery.version());
	}

	@Test
	void duplicateEventChangesNothing() {
		DeliveryEventReceived assigned = event(DeliveryStatus.COURIER_ASSIGNED, 10, "k1");
		Delivery delivery = Delivery.start(created(0), this.now).apply(assigned, this.now);
		assertThat(delivery.apply(assigned, this.now)).isSameAs(delivery);
	}

	@Test
	void endedOrderIsNeitherCancelledNorReopened() {
		Delivery delivered = Delivery.start(created(0), this.now)
			.apply(event(DeliveryStatus.DELIVERED, 50, "k1"), this.now);
		assertThat(delivered.apply(event(DeliveryStatus.CANCELLED, 60, null), this.now).status())
			.isEqualTo(DeliveryStatus.DELIVERED);
		Delivery cancelled = Delivery.start(created(0), this.now)
			.apply(event(DeliveryStatus.CANCELLED, 5, null), this.now);
		assertThat(cancelled.apply(event(DeliveryStatus.PICKED_UP, 6, "k1"), this.now).status())
			.isEqualTo(DeliveryStatus.CANCELLED);
		assertThat(cancelled.endedAt()).isEqualTo(this.t0.plusSeconds(5));
	}

	@Test
	void createdArrivingAfterLaterEventsStillNamesTheOwner() {
		Delivery delivery = Delivery.start(event(DeliveryStatus.COURIER_ASSIGNED, 10, "k1"), this.now);
		assertThat(delivery.customerId()).isNull();
		delivery = delivery.apply(created(0), this.now);
		assertThat(delivery.status()).isEqualTo(DeliveryStatus.COURIER_ASSIGNED);
		assertThat(delivery.customerId()).isEqualTo("c1");
		assertThat(delivery.destination()).isEqualTo(DESTINATION);
	}

	@Test
	void laterAssignmentReplacesTheCourierAndAnEarlierOneDoesNot() {
		Delivery delivery = Delivery.start(created(0), this.now)
			.apply(event(DeliveryStatus.COURIER_ASSIGNED, 10, "k1"), this.now)
			.apply(event(DeliveryStatus.COURIER_ASSIGNED, 20, "k2"), this.now);
		assertThat(delivery.courierId()).isEqualTo("k2");
		assertThat(delivery.apply(event(DeliveryStatus.COURIER_ASSIGNED, 15, "k3"), this.now).courierId())
			.isEqualTo("k2");
	}

	@Test
	void arrivingAndArrivedFireOnceDespiteJitter() {
		Delivery delivery = inTransit();
		Delivery far = delivery.approach(fix(0.01, 5f, 40), RADII, this.now);
		assertThat(far).isSameAs(delivery);
		Delivery arriving = far.approach(fix(0.003, 5f, 41), RADII, this.now);
		assertThat(arriving.arrivingAt()).isEqualTo(this.t0.plusSeconds(41));
		assertThat(arriving.arrivedAt()).isNull();
		Delivery jitteredOut = arriving.approach(fix(0.006, 5f, 42), RADII, this.now);
		Delivery backIn = jitteredOut.approach(fix(0.002, 5f, 43), RADII, this.now);
		assertThat(backIn).isSameAs(arriving);
		Delivery arrived = backIn.approach(fix(0.0002, 5f, 44), RADII, this.now);
		assertThat(arrived.arrivedAt()).isEqualTo(this.t0.plusSeconds(44));
		assertThat(arrived.arrivingAt()).isEqualTo(this.t0.plusSeconds(41));
		assertThat(arrived.approach(fix(0.0001, 5f, 45), RADII, this.now)).isSameAs(arrived);
	}

	@Test
	void aFixInsideButTooInaccurateProvesNothing() {
		Delivery delivery = inTransit();
		assertThat(delivery.approach(fix(0.0002, 600f, 41), RADII, this.now)).isSameAs(delivery);
		Delivery arrivingOnly = delivery.approach(fix(0.0002, 100f, 41), RADII, this.now);
		assertThat(arrivingOnly.arrivingAt()).isNotNull();
		assertThat(arrivingOnly.arrivedAt()).isNull();
	}

	@Test
	void arrivingAtOnceWhenFirstFixIsAlreadyInsideTheArrivedRadius() {
		Delivery arrived = inTransit().approach(fix(0.0001, null, 41), RADII, this.now);
		assertThat(arrived.arrivingAt()).isEqualTo(arrived.arrivedAt()).isNotNull();
	}

	@Test
	void positionsOfOtherCouriersOrFromBeforePickupAreNotTheOrders() {
		Delivery delivery = inTransit();
		Position other = new Position("k9", new GeoPoint(DESTINATION.lat(), DESTINATION.lon()), 5f, null, null,
				this.t0.plusSeconds(41));
		assertThat(delivery.approach(other, RADII, this.now)).isSameAs(delivery);
		assertThat(delivery.approach(fix(0.0001, 5f, 10), RADII, this.now)).as("before pickup").isSameAs(delivery);
	}

	private Delivery inTransit() {
		return Delivery.start(created(0), this.now)
			.apply(event(DeliveryStatus.COURIER_ASSIGNED, 10, "k1"), this.now)
			.apply(event(DeliveryStatus.PICKED_UP, 20, "k1"), this.now);
	}

	private Position fix(double degreesSouth, @Nullable Float accuracy, int second) {
		return new Position("k1", new GeoPoint(DESTINATION.lat() - degreesSouth, DESTINATION.lon()), accuracy, null,
				null, this.t0.plusSeconds(second));
	}

	private DeliveryEventReceived created(int second) {
		return new DeliveryEventReceived("e" + (++this.ids), "o1", DeliveryStatus.CREATED, this.t0.plusSeconds(second),
				"c1", "p1", DESTINATION, null, null);
	}

	private DeliveryEventReceived event(DeliveryStatus type, int second, @Nullable String courierId) {
		return new DeliveryEventReceived("e" + (++this.ids), "o1", type, this.t0.plusSeconds(second), null, null, null,
				courierId, null);
	}

}
