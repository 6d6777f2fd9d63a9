package com.acme.tracking.delivery;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import com.acme.tracking.shared.GeoPoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EtaModelTests {

	/** Berlin, Paris, Madrid: cells far apart at every precision. */
	static final GeoPoint BERLIN = new GeoPoint(52.52, 13.405);

	static final GeoPoint PARIS = new GeoPoint(48.8566, 2.3522);

	static final GeoPoint MADRID = new GeoPoint(40.4168, -3.7038);

	/** Monday 2026-11-23, 00:00 UTC: hour of week 0. */
	static final Instant MONDAY = Instant.parse("2026-11-23T00:00:00Z");

	static final Instant LEARNED = MONDAY.plusSeconds(30 * 86400);

	@Test
	void geohashIsTheReferenceEncoding() {
		// The example of the geohash article and of geohash.org.
		assertThat(Geohash.text(Geohash.encode(57.64911, 10.40744, 11), 11)).isEqualTo("u4pruydqqvj");
		assertThat(Geohash.text(Geohash.encode(52.52, 13.405, 6), 6)).isEqualTo("u33dc0");
	}

	@Test
	void hoursOfTheWeekAreReadInTheModelsZone() {
		EtaModel.Builder builder = EtaModel.builder(ZoneId.of("Europe/Berlin"));
		slowAndFastTrips(builder);
		EtaModel model = builder.build(LEARNED);
		// Monday 00:30 UTC is Monday 01:30 in Berlin (winter time).
		assertThat(model.hourOfWeek(MONDAY.plusSeconds(1800).getEpochSecond())).isEqualTo(1);
		assertThat(model.hourOfWeek(MONDAY.minusSeconds(1800).getEpochSecond())).isZero();
		assertThat(model.hourOfWeek(MONDAY.plusSeconds(167 * 3600).getEpochSecond())).isZero();
	}

	@Test
	void aThinKeyBacksOffToTheNextCoarserLevel() {
		EtaModel.Builder builder = EtaModel.builder(ZoneOffset.UTC);
		slowAndFastTrips(builder);
		EtaModel model = builder.build(LEARNED);
		assertThat(model).isNotNull();
		assertThat(model.precision()).as("every trip lies in a cell of 25 trips or more").isEqualTo(6);
		Instant monday10 = MONDAY.plusSeconds(10 * 3600 + 300);
		Instant monday14 = MONDAY.plusSeconds(14 * 3600 + 300);
		Instant tuesday = MONDAY.plusSeconds(30 * 3600);
		// Berlin on Monday 10:00 has 30 trips of its own.
		assertThat(model.level(BERLIN, monday10)).isEqualTo("cell-hour");
		assertThat(model.tripsBehind(BERLIN, monday10)).isEqualTo(30);
		// Berlin at 14:00 has 5: not enough, the cell's 35 trips answer.
		assertThat(model.level(BERLIN, monday14)).isEqualTo("cell");
		assertThat(model.tripsBehind(BERLIN, monday14)).isEqualTo(35);
		// Madrid has none: the hour's trips answer, and at an hour without any, all
		// trips.
		assertThat(model.level(MADRID, monday10)).isEqualTo("hour");
		assertThat(model.level(MADRID, tuesday)).isEqualTo("global");
		assertThat(model.tripsBehind(MADRID, tuesday)).isEqualTo(65);

		// Berlin's couriers on Monday 10:00 do 2 m/s, Paris' at 14:00 do 5 m/s.
		assertThat(model.predict(BERLIN, 1500, monday10).p50()).isCloseTo(750, within(40.0));
		assertThat(model.predict(PARIS, 1500, monday14).p50()).isCloseTo(300, within(20.0));
		// The hour alone: Monday 10:00 is Berlin's slow trips.
		assertThat(model.predict(MADRID, 1500, monday10).p50()).isCloseTo(750, within(40.0));
		// All trips: 35 of the 65 are the fast ones, the median is theirs; the slow ones
		// are the p90.
		assertThat(model.predict(MADRID, 1500, tuesday).p50()).isCloseTo(300, within(25.0));
		assertThat(model.predict(MADRID, 1500, tuesday).p90()).isCloseTo(750, within(60.0));
		// Berlin at 14:00: Berlin's trips (most at 2 m/s), times how 14:00 compares with
		// all hours (faster: Paris' trips).
		double berlinAt14 = model.predict(BERLIN, 1500, monday14).p50();
		assertThat(berlinAt14).isLessThan(model.predict(BERLIN, 1500, monday10).p50()).isGreaterThan(300);
	}

	@Test
	void quantilesAreReadBetweenWeightedOrderStatistics() {
		float[] sorted = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
		float[] ones = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
		assertThat(EtaModel.Builder.quantile(sorted, ones, 10, 0.1)).isCloseTo(1.5, within(1e-6));
		assertThat(EtaModel.Builder.quantile(sorted, ones, 10, 0.5)).isCloseTo(5.5, within(1e-6));
		assertThat(EtaModel.Builder.quantile(sorted, ones, 10, 0.9)).isCloseTo(9.5, within(1e-6));
		assertThat(EtaModel.Builder.quantile(new float[] { 7 }, new float[] { 1 }, 1, 0.9)).isEqualTo(7);
		// One trip's four readings weigh as much as another trip's one.
		float[] values = { 100, 101, 102, 103, 500 };
		float[] quarter = { 0.25f, 0.25f, 0.25f, 0.25f, 1 };
		assertThat(EtaModel.Builder.quantile(values, quarter, 5, 0.5)).isCloseTo(103 + (500 - 103) * 0.125 / 0.625,
				within(1e-3));
	}

	@Test
	void theSpreadIsTheTripsSpreadAndAParkedCourierDoesNotMoveTheMedian() {
		EtaModel.Builder builder = EtaModel.builder(ZoneOffset.UTC);
		// 40 trips of 3 km at 2.0 .. 5.9 m/s, and one courier who parks for three hours.
		for (int i = 0; i < 40; i++) {
			trip(builder, PARIS, MONDAY.plusSeconds(i * 7200L), 3000, 2.0 + i * 0.1);
		}
		trip(builder, PARIS, MONDAY.plusSeconds(100 * 3600), 3000, 0.3);
		EtaModel model = builder.build(LEARNED);
		EtaModel.Quantiles at2km = model.predict(PARIS, 2000, MONDAY.plusSeconds(200 * 86400));
		// Each trip weighs one: 2 km at the median speed (3.95 m/s) is about 506 s; the
		// spread of speeds 2.4 .. 5.5 m/s (p90, p10) is about 360 .. 830 s.
		assertThat(at2km.p50()).isCloseTo(2000 / 3.95, within(40.0));
		assertThat(at2km.p10()).isBetween(330.0, 420.0);
		assertThat(at2km.p90()).isBetween(720.0, 900.0);
	}

	@Test
	void theEtaIsContinuousAndNeverShorterFurtherAway() {
		EtaModel.Builder builder = EtaModel.builder(ZoneOffset.UTC);
		slowAndFastTrips(builder);
		EtaModel model = builder.build(LEARNED);
		Instant at = MONDAY.plusSeconds(10 * 3600 + 300);
		double previous = 0;
		for (double meters = 0; meters <= 40_000; meters += 1) {
			EtaModel.Quantiles q = model.predict(BERLIN, meters, at);
			assertThat(q.p10()).isLessThanOrEqualTo(q.p50());
			assertThat(q.p50()).isLessThanOrEqualTo(q.p90());
			assertThat(q.p50()).as("at %.0f m", meters).isGreaterThanOrEqualTo(previous - 1e-6);
			// continuous: one metre further never adds more than a few seconds
			assertThat(q.p50() - previous).as("at %.0f m", meters).isLessThan(3);
			previous = q.p50();
		}
		// A learned band's median is its value at the band's middle (1250 m: 625 s at 2
		// m/s).
		assertThat(model.median(BERLIN, 1250, at)).isCloseTo(625, within(35.0));
	}

	@Test
	void tooLittleHistoryBuildsNoModel() {
		EtaModel.Builder builder = EtaModel.builder(ZoneOffset.UTC);
		for (int i = 0; i < EtaModel.MIN_TRIPS - 1; i++) {
			trip(builder, PARIS, MONDAY.plusSeconds(i * 3600L), 3000, 5);
		}
		assertThat(builder.build(LEARNED)).isNull();
		trip(builder, PARIS, MONDAY, 3000, 5);
		assertThat(builder.build(LEARNED)).isNotNull();
	}

	@Test
	void theFallbackIsRoadDistanceAtASteadySpeedWithASpread() {
		EtaModel fallback = EtaModel.fallback(1.3, 5, MONDAY);
		EtaModel.Quantiles q = fallback.predict(PARIS, 3000, MONDAY);
		assertThat(q.p50()).isCloseTo(3000 * 1.3 / 5, within(1e-3));
		assertThat(q.p10()).isCloseTo(3000 * 1.3 / 5 * 0.7, within(1e-3));
		assertThat(q.p90()).isCloseTo(3000 * 1.3 / 5 * 1.5, within(1e-3));
		assertThat(fallback.predict(PARIS, 40_000, MONDAY).p50()).isCloseTo(40_000 * 1.3 / 5, within(1e-2));
		assertThat(fallback.learned()).isFalse();
		assertThat(fallback.trips()).isZero();
		assertThat(fallback.keys()).isZero();
	}

	/**
	 * Berlin: 30 trips on Mondays at 10:00 at 2 m/s and 5 at 14:00 at 5 m/s; Paris: 30
	 * trips on Mondays at 14:00 at 5 m/s.
	 */
	static void slowAndFastTrips(EtaModel.Builder builder) {
		for (int week = 0; week < 30; week++) {
			trip(builder, BERLIN, MONDAY.plusSeconds(10 * 3600 + week * 7 * 86400L), 3000, 2);
			trip(builder, PARIS, MONDAY.plusSeconds(14 * 3600 + week * 7 * 86400L), 3000, 5);
		}
		for (int week = 0; week < 5; week++) {
			trip(builder, BERLIN, MONDAY.plusSeconds(14 * 3600 + week * 7 * 86400L), 3000, 5);
		}
	}

	@Test
	void anHourWithTooFewTripsOfItsOwnTakesTheFactorOfTheNearestLearnedHour() {
		EtaModel.Builder builder = EtaModel.builder(ZoneOffset.UTC);
		// Berlin: 30 slow trips on Mondays at 10:00, 30 fast ones at 16:00; no trips
		// in between.
		for (int week = 0; week < 30; week++) {
			trip(builder, BERLIN, MONDAY.plusSeconds(10 * 3600 + week * 7 * 86400L), 3000, 2);
			trip(builder, BERLIN, MONDAY.plusSeconds(16 * 3600 + week * 7 * 86400L), 3000, 5);
		}
		EtaModel model = builder.build(LEARNED);
		double at10 = model.predict(BERLIN, 1500, MONDAY.plusSeconds(10 * 3600 + 300)).p50();
		double at11 = model.predict(BERLIN, 1500, MONDAY.plusSeconds(11 * 3600 + 300)).p50();
		double at13 = model.predict(BERLIN, 1500, MONDAY.plusSeconds(13 * 3600 + 300)).p50();
		assertThat(model.level(BERLIN, MONDAY.plusSeconds(11 * 3600))).isEqualTo("cell");
		// 11:00 is the hour after the slow one: slow too, not the cell's mix of both.
		assertThat(at11).as("11:00 against 13:00 (no learned hour within two)").isGreaterThan(1.2 * at13);
		assertThat(at11).isCloseTo(at10, within(0.25 * at10));
	}

	@Test
	void thePaceOfTheHistorysTripsIsMeasuredAgainstTheModel() {
		// Straight trips: their pace against the model is the model's own.
		EtaModel.Builder straight = EtaModel.builder(ZoneOffset.UTC);
		// Trips that first head away from the destination (a one-way street, a
		// detour): the model expects nothing of ground that brings them no closer.
		EtaModel.Builder detours = EtaModel.builder(ZoneOffset.UTC);
		for (int i = 0; i < 40; i++) {
			Instant start = MONDAY.plusSeconds(i * 3600L);
			trip(straight, PARIS, start, 3000, 4 + 0.05 * i);
			int trip = detours.trip(PARIS, start.plusSeconds(1200));
			for (int t = 0; t <= 1200; t += 60) {
				// 2,000 m out to 2,600 m in 4 minutes, then straight in
				double left = (t <= 240) ? 2000 + 2.5 * t : 2600 * (1200 - t) / 960.0;
				detours.fix(trip, PARIS.lat() - left / 111_195.0, PARIS.lon(), start.plusSeconds(t));
			}
		}
		assertThat(straight.build(LEARNED).paceBaseline()).isCloseTo(1, within(0.05));
		assertThat(detours.build(LEARNED).paceBaseline()).isGreaterThan(1.1);
		assertThat(EtaModel.fallback(1.3, 5, MONDAY).paceBaseline()).isEqualTo(1);
	}

	/**
	 * A trip that leaves {@code meters} south of its destination at {@code start} and
	 * goes straight to it at {@code speed}, a fix a minute.
	 */
	static void trip(EtaModel.Builder builder, GeoPoint destination, Instant start, double meters, double speed) {
		double seconds = meters / speed;
		int trip = builder.trip(destination, start.plusMillis(Math.round(seconds * 1000)));
		for (int t = 0; t <= seconds; t += 60) {
			double left = meters - t * speed;
			builder.fix(trip, destination.lat() - left / 111_195.0, destination.lon(), start.plusSeconds(t));
		}
	}

}
