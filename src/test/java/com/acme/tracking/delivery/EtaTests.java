package com.acme.tracking.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import com.acme.tracking.MutableClock;
import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.Position;
import com.acme.tracking.shared.GeoPoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ETA of a live order: the model from the position's time, times the trip's pace
 * against the model. Without history the model is the fallback: 1.3 × the straight line
 * at 5 m/s, that is 3.85 m/s of straight-line progress.
 */
class EtaTests {

	static final GeoPoint DESTINATION = new GeoPoint(52.52, 13.405);

	static final double MODEL_PACE = 5 / 1.3;

	final Instant t0 = Instant.parse("2026-11-25T12:00:00Z");

	final MutableClock clock = new MutableClock(this.t0);

	final CourierPositions couriers = new CourierPositions();

	final DeliveryStates deliveries;

	final EtaModels models = new EtaModels(EtaModel.fallback(1.3, 5, this.t0));

	final Eta eta = new Eta(this.couriers, this.models, this.clock);

	int ids;

	EtaTests() {
		TrackingSettings settings = new TrackingSettings(500, 50, 1.3, Duration.ofHours(2), Duration.ofHours(24),
				Duration.ofMinutes(1));
		this.deliveries = new DeliveryStates(this.couriers, settings, this.clock);
		this.couriers.observe(this.deliveries::moved);
		this.deliveries.observe(this.eta);
		event(DeliveryStatus.COURIER_ASSIGNED, 0, "k1");
		event(DeliveryStatus.PICKED_UP, 0, "k1");
	}

	@Test
	void aCourierSlowerThanTheModelGetsALaterEta() {
		// 15 minutes at half the model's pace, a fix every 15 s, from 6 km.
		double meters = 6000;
		for (int s = 0; s <= 900; s += 15) {
			fix(meters - s * MODEL_PACE / 2, s);
		}
		double left = 6000 - 900 * MODEL_PACE / 2;
		EtaEstimate estimate = this.eta.estimate(order());
		Instant modelAlone = this.t0.plusSeconds(900).plusMillis(Math.round(left * 1.3 / 5 * 1000));
		assertThat(Duration.between(this.t0.plusSeconds(900), estimate.estimatedArrivalAt()).toSeconds())
			.as("at least 1.2 times the model's %d s",
					Duration.between(this.t0.plusSeconds(900), modelAlone).toSeconds())
			.isGreaterThan(Math.round(1.2 * left * 1.3 / 5));
		assertThat(this.eta.pace("o1").factor()).isBetween(1.25, Pace.MAX_FACTOR);
		// and the range moves with it
		assertThat(estimate.earliest()).isAfter(this.t0.plusSeconds(900).plusMillis(Math.round(left * 1.3 / 5 * 700)));
	}

	@Test
	void aCourierOnTheModelsPaceKeepsTheModelsEta() {
		for (int s = 0; s <= 900; s += 15) {
			fix(6000 - s * MODEL_PACE, s);
		}
		assertThat(this.eta.pace("o1").factor()).isBetween(0.98, 1.02);
	}

	@Test
	void aStopDoesNotBlowItUp() {
		// Ten minutes on the model's pace until 3 km from the destination, then five
		// minutes standing still there (a red light, a shop), a fix every 15 s.
		double start = 3000 + 600 * MODEL_PACE;
		for (int s = 0; s <= 600; s += 15) {
			fix(start - s * MODEL_PACE, s);
		}
		EtaEstimate moving = this.eta.estimate(order());
		for (int s = 615; s <= 900; s += 15) {
			fix(3000, s);
		}
		this.clock.set(this.t0.plusSeconds(901));
		EtaEstimate stopped = this.eta.estimate(order());
		long seconds = this.eta.seconds(order());
		double model = 3000 * 1.3 / 5;
		// Old: 3000 m × 1.3 at the 2 m/s floor = 1950 s. Now: the model's 780 s, a little
		// more for the pace the stop showed.
		assertThat(seconds).isGreaterThan(Math.round(model)).isLessThan(Math.round(1.35 * model));
		// The arrival moves by the five minutes lost and a modest share of the rest.
		assertThat(Duration.between(moving.estimatedArrivalAt(), stopped.estimatedArrivalAt()).toSeconds())
			.isBetween(300L, Math.round(300 + 0.35 * model));
	}

	@Test
	void anObserverWiredBeforeTheEtaStillReadsTheEtaOfTheFixItIsToldOf() {
		CourierPositions couriers = new CourierPositions();
		DeliveryStates deliveries = new DeliveryStates(couriers,
				new TrackingSettings(500, 50, 1.3, Duration.ofHours(2), Duration.ofHours(24), Duration.ofMinutes(1)),
				this.clock);
		Eta eta = new Eta(couriers, this.models, this.clock);
		java.util.List<Double> seen = new java.util.ArrayList<>();
		// a position push, say, wired first (the wiring's order is not fixed)
		deliveries.observe(new DeliveryObserver() {
			@Override
			public void changed(DeliveryChanged change) {
			}

			@Override
			public void courierMoved(OrderCourierMoved moved) {
				Pace pace = eta.pace(moved.delivery().orderId());
				seen.add((pace != null) ? (double) pace.lastMeters() : -1);
			}
		});
		new DeliveryWiring().ordersFollowTheirCouriers(couriers, deliveries, eta).afterSingletonsInstantiated();
		deliveries.apply(new DeliveryEventReceived("w1", "o9", DeliveryStatus.PICKED_UP, this.t0, "c1", "p1",
				DESTINATION, "k9", null));
		couriers.apply(new Position("k9", point(3000), 5f, null, null, this.t0.plusSeconds(15)));
		couriers.apply(new Position("k9", point(2900), 5f, null, null, this.t0.plusSeconds(30)));
		assertThat(seen).as("the pace as of each fix told").hasSize(2);
		assertThat(seen.get(0)).isCloseTo(3000, org.assertj.core.data.Offset.offset(1.0));
		assertThat(seen.get(1)).isCloseTo(2900, org.assertj.core.data.Offset.offset(1.0));
	}

	@Test
	void aTripStartsFromThePaceOfTheFleetBeforeIt() {
		// Ten other couriers in the city did half the model's pace over the ten minutes
		// before the trip; another ten did so after its first fix, which must not count.
		for (int k = 0; k < 20; k++) {
			String order = "f" + k;
			String courier = "fleet" + k;
			int from = (k < 10) ? -600 : 30;
			this.deliveries.apply(new DeliveryEventReceived("fe" + k, order, DeliveryStatus.PICKED_UP,
					this.t0.plusSeconds(from), "c1", "p1", DESTINATION, courier, null));
			for (int s = 0; s <= 540; s += 15) {
				this.couriers.apply(new Position(courier, point(6000 - s * MODEL_PACE / 2), 5f, null, null,
						this.t0.plusSeconds(from + s)));
			}
		}
		// The order of the future fleet's fixes changes nothing: only minutes before
		// a fix count.
		fix(3000, 0);
		double model = 3000 * 1.3 / 5;
		EtaEstimate estimate = this.eta.estimate(order());
		long seconds = Duration.between(this.t0, estimate.estimatedArrivalAt()).toSeconds();
		assertThat(seconds).as("later than the model's %.0f s: the fleet runs slow today", model)
			.isGreaterThan(Math.round(1.3 * model));
		assertThat(this.eta.pace("o1").fleet()).isBetween(1.3f, (float) Pace.MAX_FACTOR);

		// Alone in a quiet city, the model's own.
		EtaTests quiet = new EtaTests();
		quiet.fix(3000, 0);
		assertThat(Duration.between(this.t0, quiet.eta.estimate(quiet.order()).estimatedArrivalAt()).toSeconds())
			.isBetween(Math.round(model) - 1, Math.round(model) + 1);
	}

	@Test
	void theFleetsPaceCountsOnlyTheMinutesBeforeAFix() {
		FleetPace fleet = new FleetPace();
		long t = this.t0.toEpochMilli();
		// 600 s of trips at twice the model's seconds in the minute of the fix and after
		fleet.add(DESTINATION, t + 5_000, 600, 300);
		fleet.add(DESTINATION, t + 120_000, 600, 300);
		assertThat(fleet.factor(DESTINATION, t + 10_000, 1)).isEqualTo(1);
		// and once that minute is over, it does
		assertThat(fleet.factor(DESTINATION, t + 60_000, 1)).isCloseTo((1200 + 600) / 1500.0,
				org.assertj.core.data.Offset.offset(1e-9));
		// read against the history's own pace: twice the seconds of a history that took
		// twice the model's is that history's pace
		assertThat(fleet.factor(DESTINATION, t + 60_000, 2)).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
		// another city knows nothing of it
		assertThat(fleet.factor(new GeoPoint(48.8566, 2.3522), t + 60_000, 1)).isEqualTo(1);
		// an area quiet for an hour before the latest fix anywhere is forgotten
		fleet.add(new GeoPoint(48.8566, 2.3522), t + 7_200_000, 60, 60);
		assertThat(fleet.forgetQuiet()).isEqualTo(1);
		assertThat(fleet.factor(DESTINATION, t + 60_000, 1)).isEqualTo(1);
	}

	@Test
	void theEtaCountsFromThePositionsTimeAndItsSecondsFromNow() {
		fix(3000, 0);
		EtaEstimate estimate = this.eta.estimate(order());
		Instant expected = this.t0.plusMillis(Math.round(3000 * 1.3 / 5 * 1000));
		assertThat(estimate.estimatedArrivalAt()).isBetween(expected.minusMillis(5), expected.plusMillis(5));
		// A position 40 s old does not make the ETA 40 s late: it is 40 s shorter from
		// now.
		this.clock.set(this.t0.plusSeconds(40));
		assertThat(this.eta.seconds(order())).isBetween(740L, 741L);
		this.clock.set(this.t0.plusSeconds(2000));
		assertThat(this.eta.seconds(order())).isZero();
	}

	@Test
	void aModelInUseReplacesTheFallback() {
		fix(3000, 0);
		long before = this.eta.seconds(order());
		EtaModel.Builder slow = EtaModel.builder(ZoneId.of("UTC"));
		for (int i = 0; i < EtaModel.MIN_TRIPS; i++) {
			EtaModelTests.trip(slow, DESTINATION, this.t0.minusSeconds(86400 + i * 3600L), 4000, 1);
		}
		this.models.use(slow.build(this.t0));
		assertThat(this.eta.seconds(order())).isGreaterThan(2 * before).isBetween(2800L, 3200L);
	}

	@Test
	void thePaceIsForgottenWhenTheOrderEndsOrIsReassignedOrLeavesTheHotState() {
		fix(3000, 0);
		fix(2900, 15);
		assertThat(this.eta.pace("o1")).isNotNull();
		event(DeliveryStatus.COURIER_ASSIGNED, 20, "k2");
		assertThat(this.eta.pace("o1")).as("another courier's trip").isNull();
		this.couriers.apply(new Position("k2", point(2800), 5f, null, null, this.t0.plusSeconds(30)));
		this.couriers.apply(new Position("k2", point(2700), 5f, null, null, this.t0.plusSeconds(45)));
		assertThat(this.eta.pace("o1")).isNotNull();
		event(DeliveryStatus.DELIVERED, 60, "k2");
		assertThat(this.eta.pace("o1")).isNull();
		assertThat(this.eta.paces()).isZero();

		this.ids = 100;
		this.deliveries.apply(new DeliveryEventReceived("x1", "o2", DeliveryStatus.PICKED_UP, this.t0, "c1", "p1",
				DESTINATION, "k3", null));
		this.couriers.apply(new Position("k3", point(2000), 5f, null, null, this.t0.plusSeconds(70)));
		assertThat(this.eta.pace("o2")).isNotNull();
		this.deliveries.evict(this.t0, this.t0.plusSeconds(86400));
		assertThat(this.eta.forgetOrdersNotInTransit(this.deliveries)).isEqualTo(1);
		assertThat(this.eta.paces()).isZero();
	}

	@Test
	void thereIsNoEtaBeforePickupNorAfterTheEndAndTheArrivalOnceArrived() {
		this.deliveries.apply(new DeliveryEventReceived("y1", "o3", DeliveryStatus.COURIER_ASSIGNED, this.t0, "c1",
				"p1", DESTINATION, "k4", null));
		this.couriers.apply(new Position("k4", point(2000), 5f, null, null, this.t0.plusSeconds(5)));
		assertThat(this.eta.estimate(this.deliveries.find("o3").orElseThrow())).isNull();
		fix(30, 10);
		fix(20, 25);
		this.clock.set(this.t0.plusSeconds(26));
		EtaEstimate arrived = this.eta.estimate(order());
		assertThat(arrived.estimatedArrivalAt()).as("at the door as of its last fix")
			.isEqualTo(this.t0.plusSeconds(25));
		assertThat(arrived.latest()).isEqualTo(arrived.estimatedArrivalAt());
		assertThat(this.eta.seconds(order())).isZero();
		event(DeliveryStatus.DELIVERED, 20, "k1");
		assertThat(this.eta.estimate(order())).isNull();
		assertThat(this.eta.seconds(order())).isNull();
	}

	private Delivery order() {
		return this.deliveries.find("o1").orElseThrow();
	}

	private void fix(double metersSouth, int second) {
		this.couriers.apply(new Position("k1", point(metersSouth), 5f, null, null, this.t0.plusSeconds(second)));
	}

	private static GeoPoint point(double metersSouth) {
		return new GeoPoint(DESTINATION.lat() - metersSouth / 111_195.0, DESTINATION.lon());
	}

	private void event(DeliveryStatus type, int second, String courierId) {
		this.deliveries.apply(new DeliveryEventReceived("e" + (++this.ids), "o1", type, this.t0.plusSeconds(second),
				"c1", "p1", DESTINATION, courierId, null));
	}

}
