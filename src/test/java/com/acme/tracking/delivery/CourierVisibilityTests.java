package com.acme.tracking.delivery;

import java.time.Instant;
import java.util.Set;

import com.acme.tracking.access.Caller;
import com.acme.tracking.courier.Position;
import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The privacy rule of who may see an order's courier, and when: one test per rule
 * (DESIGN.md, <em>Who may see what</em>).
 */
class CourierVisibilityTests {

	static final GeoPoint DESTINATION = new GeoPoint(52.52, 13.405);

	final Instant t0 = Instant.parse("2026-11-25T12:00:00Z");

	int ids;

	@Test
	void aCustomerDoesNotSeeTheCourierBeforePickup() {
		Delivery assigned = order(event(DeliveryStatus.COURIER_ASSIGNED, 5, "k1"));
		assertThat(CourierVisibility.showsPosition(assigned, Audience.CUSTOMER, fix("k1", 8))).isFalse();
	}

	@Test
	void aCustomerSeesTheCourierFromPickupButNeverAFixFromBeforeIt() {
		Delivery pickedUp = order(event(DeliveryStatus.COURIER_ASSIGNED, 5, "k1"),
				event(DeliveryStatus.PICKED_UP, 10, "k1"));
		assertThat(CourierVisibility.showsPosition(pickedUp, Audience.CUSTOMER, fix("k1", 9))).isFalse();
		assertThat(CourierVisibility.showsPosition(pickedUp, Audience.CUSTOMER, fix("k1", 10))).isTrue();
	}

	@Test
	void aCustomerNeverSeesTheCourierIdPartnersAndSupportDo() {
		assertThat(CourierVisibility.showsCourierId(Audience.CUSTOMER)).isFalse();
		assertThat(CourierVisibility.showsCourierId(Audience.PARTNER)).isTrue();
		assertThat(CourierVisibility.showsCourierId(Audience.SUPPORT)).isTrue();
	}

	@Test
	void thePartnerSeesTheCourierFromAssignment() {
		Delivery created = order(event(DeliveryStatus.CREATED, 0, null));
		Delivery assigned = order(event(DeliveryStatus.CREATED, 0, null),
				event(DeliveryStatus.COURIER_ASSIGNED, 5, "k1"));
		assertThat(CourierVisibility.showsPosition(created, Audience.PARTNER, fix("k1", 4))).isFalse();
		assertThat(CourierVisibility.showsPosition(assigned, Audience.PARTNER, fix("k1", 4)))
			.as("the assigned courier's last fix, even from before the assignment")
			.isTrue();
	}

	@Test
	void supportSeesTheCourierFromAssignmentLikeThePartner() {
		Delivery assigned = order(event(DeliveryStatus.COURIER_ASSIGNED, 5, "k1"));
		assertThat(CourierVisibility.showsPosition(assigned, Audience.SUPPORT, fix("k1", 6))).isTrue();
	}

	@Test
	void aShareLinkSeesWhatTheCustomerSees() {
		assertThat(Audience.of(Caller.shareLink("o1"), "o1", "c1", "p1")).isEqualTo(Audience.CUSTOMER);
		assertThat(Audience.of(Caller.shareLink("o2"), "o1", "c1", "p1")).as("a link to another order").isNull();
	}

	@Test
	void nobodySeesTheCourierOfAnEndedOrder() {
		Delivery delivered = order(event(DeliveryStatus.PICKED_UP, 10, "k1"),
				event(DeliveryStatus.DELIVERED, 20, "k1"));
		for (Audience audience : Audience.values()) {
			assertThat(CourierVisibility.showsPosition(delivered, audience, fix("k1", 21))).as(audience.name())
				.isFalse();
		}
	}

	@Test
	void nobodySeesTheFixesOfACourierTheOrderIsNotAssignedTo() {
		Delivery pickedUp = order(event(DeliveryStatus.PICKED_UP, 10, "k1"));
		for (Audience audience : Audience.values()) {
			assertThat(CourierVisibility.showsPosition(pickedUp, audience, fix("k2", 11))).as(audience.name())
				.isFalse();
		}
	}

	@Test
	void inHistoryACustomerSeesWhereTheCourierWasOnlyFromPickup() {
		Instant pickedUpAt = this.t0.plusSeconds(10);
		assertThat(CourierVisibility.showsLocationAt(Audience.CUSTOMER, this.t0.plusSeconds(5), pickedUpAt)).isFalse();
		assertThat(CourierVisibility.showsLocationAt(Audience.CUSTOMER, pickedUpAt, pickedUpAt)).isTrue();
		assertThat(CourierVisibility.showsLocationAt(Audience.CUSTOMER, this.t0, null)).as("never picked up").isFalse();
		assertThat(CourierVisibility.showsLocationAt(Audience.PARTNER, this.t0.plusSeconds(5), pickedUpAt)).isTrue();
		assertThat(CourierVisibility.showsLocationAt(Audience.SUPPORT, this.t0, null)).isTrue();
	}

	@Test
	void whoTheCallerIsToTheOrder() {
		Caller owner = new Caller("c1", Set.of(Caller.Role.CUSTOMER), null, null);
		Caller otherCustomer = new Caller("c2", Set.of(Caller.Role.CUSTOMER), null, null);
		Caller partner = new Caller("m", Set.of(Caller.Role.PARTNER), "p1", null);
		Caller otherPartner = new Caller("m", Set.of(Caller.Role.PARTNER), "p2", null);
		Caller support = new Caller("s", Set.of(Caller.Role.SUPPORT), null, null);
		Caller noRole = new Caller("c1", Set.of(), null, null);
		assertThat(Audience.of(owner, "o1", "c1", "p1")).isEqualTo(Audience.CUSTOMER);
		assertThat(Audience.of(otherCustomer, "o1", "c1", "p1")).isNull();
		assertThat(Audience.of(partner, "o1", "c1", "p1")).isEqualTo(Audience.PARTNER);
		assertThat(Audience.of(otherPartner, "o1", "c1", "p1")).isNull();
		assertThat(Audience.of(support, "o1", "c1", "p1")).isEqualTo(Audience.SUPPORT);
		assertThat(Audience.of(noRole, "o1", "c1", "p1")).as("a token without the customer role").isNull();
	}

	private Delivery order(DeliveryEventReceived... events) {
		Delivery delivery = Delivery.start(events[0], this.t0);
		for (int i = 1; i < events.length; i++) {
			delivery = delivery.apply(events[i], this.t0);
		}
		return delivery;
	}

	private DeliveryEventReceived event(DeliveryStatus type, int second, @Nullable String courierId) {
		return new DeliveryEventReceived("e" + (++this.ids), "o1", type, this.t0.plusSeconds(second), "c1", "p1",
				DESTINATION, courierId, null);
	}

	private Position fix(String courierId, int second) {
		return new Position(courierId, new GeoPoint(52.5, 13.4), 5f, null, null, this.t0.plusSeconds(second));
	}

}
