package com.acme.tracking.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.acme.tracking.MutableClock;
import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.Position;
import com.acme.tracking.eta.EtaScore;
import com.acme.tracking.eta.RealisticTrips;
import com.acme.tracking.eta.Trip;
import com.acme.tracking.eta.TripFile;

/**
 * The ETA harness's measurement without Kafka, HTTP or the warehouse, in seconds instead
 * of minutes, for working on the model: {@code bench/tool delivery.EtaOffline [trips.csv
 * | synthetic:<count>] [learn share]}. The same trips and split as {@code bench/eta}; the
 * history is fed to {@link EtaModel.Builder} as the learner reads it from the warehouse
 * (the first fix of each minute between the pickup and the arrival), and each evaluated
 * trip goes through the real hot state ({@link CourierPositions} → {@link DeliveryStates}
 * → {@link Eta}), read once a minute. Figures agree with {@code bench/eta} up to what the
 * service adds (the learner's window and refresh, the harness's shift of trips into the
 * last weeks); a result is only a result once {@code bench/eta} confirms it. With
 * {@code -Deta.dump=true} it prints each reading ({@code R trip start real predicted
 * meters}); with {@code -Deta.insample=true} it reads the history's own trips (how far
 * apart the two are is what the history cannot teach).
 */
public final class EtaOffline {

	private EtaOffline() {
	}

	public static void main(String[] args) throws Exception {
		String source = (args.length > 0) ? args[0] : "synthetic:400";
		double learnShare = (args.length > 1) ? Double.parseDouble(args[1]) : 0.5;
		ZoneId zone = ZoneId.of(System.getProperty("eta.zone", "UTC"));
		List<Trip> trips;
		if (source.startsWith("synthetic:")) {
			Instant now = Instant.parse(System.getProperty("eta.now", "2026-12-01T12:00:00Z"));
			trips = new RealisticTrips(42, Duration.ofSeconds(15)).generate(
					Integer.parseInt(source.substring("synthetic:".length())), now.minus(Duration.ofDays(27)),
					now.minus(Duration.ofHours(2)), "sim-");
		}
		else {
			trips = TripFile.read(Path.of(source));
		}
		trips = new ArrayList<>(trips);
		trips.sort(Comparator.comparing(Trip::start));
		int learn = (int) Math.round(trips.size() * learnShare);
		List<Trip> history = trips.subList(0, learn);
		List<Trip> evaluated = Boolean.getBoolean("eta.insample") ? history : trips.subList(learn, trips.size());

		long started = System.nanoTime();
		EtaModel.Builder builder = EtaModel.builder(zone);
		for (Trip trip : history) {
			int number = builder.trip(trip.destination(), trip.arrival());
			Instant minute = null;
			for (Trip.Fix fix : trip.fixes()) {
				Instant m = fix.at().truncatedTo(ChronoUnit.MINUTES);
				if (!m.equals(minute)) {
					builder.fix(number, fix.point().lat(), fix.point().lon(), fix.at());
					minute = m;
				}
			}
		}
		EtaModel model = builder.build(history.get(history.size() - 1).arrival());
		System.out.printf("# %s: %d trips (%d history, %d evaluated); model %s in %.0f ms%n", source, trips.size(),
				history.size(), evaluated.size(), (model != null) ? model.describe() : "none",
				(System.nanoTime() - started) / 1e6);
		if (model == null) {
			return;
		}
		double meanSpeed = history.stream().mapToDouble(Trip::straightLineMeters).sum()
				/ history.stream().mapToLong(Trip::seconds).sum();
		EtaScore service = new EtaScore();
		EtaScore naive = new EtaScore();
		MutableClock clock = new MutableClock(Instant.EPOCH);
		// one hot state for all trips, as in the service: the trips replayed one after
		// the other, as the harness does
		CourierPositions couriers = new CourierPositions();
		DeliveryStates deliveries = new DeliveryStates(couriers,
				new TrackingSettings(500, 50, 1.3, Duration.ofHours(2), Duration.ofHours(24), Duration.ofMinutes(1)),
				clock);
		Eta eta = new Eta(couriers, new EtaModels(model), clock);
		new DeliveryWiring().ordersFollowTheirCouriers(couriers, deliveries, eta).afterSingletonsInstantiated();
		for (Trip trip : evaluated) {
			String order = "o-" + trip.id();
			String courier = "c-" + trip.id();
			clock.set(trip.start());
			deliveries.apply(new DeliveryEventReceived("e1", order, DeliveryStatus.CREATED,
					trip.start().minusSeconds(120), "customer", "partner", trip.destination(), null, null));
			deliveries.apply(new DeliveryEventReceived("e2", order, DeliveryStatus.COURIER_ASSIGNED,
					trip.start().minusSeconds(60), null, null, null, courier, null));
			deliveries.apply(new DeliveryEventReceived("e3", order, DeliveryStatus.PICKED_UP, trip.start(), null, null,
					null, courier, null));
			List<Trip.Fix> fixes = trip.fixes();
			int next = 0;
			for (Instant reading = trip.start().plusSeconds(60); reading
				.isBefore(trip.arrival()); reading = reading.plusSeconds(60)) {
				Trip.Fix last = null;
				while (next < fixes.size() - 1 && !fixes.get(next).at().isAfter(reading)) {
					last = fixes.get(next++);
					clock.set(last.at());
					couriers.apply(new Position(courier, last.point(), 10f, null, null, last.at()));
				}
				if (last == null) {
					continue;
				}
				EtaEstimate estimate = eta.estimate(deliveries.find(order).orElseThrow());
				if (estimate == null) {
					continue;
				}
				long real = Duration.between(last.at(), trip.arrival()).getSeconds();
				service.add(real, Duration.between(last.at(), estimate.estimatedArrivalAt()).getSeconds());
				if (System.getProperty("eta.dump") != null) {
					System.out.printf("R %s %d %d %d %.0f%n", trip.id(), trip.start().getEpochSecond(), real,
							Duration.between(last.at(), estimate.estimatedArrivalAt()).getSeconds(),
							last.point().distanceTo(trip.destination()));
				}
				naive.add(real, Math.round(last.point().distanceTo(trip.destination()) / meanSpeed));
			}
		}
		System.out.println(EtaScore.header());
		System.out.println(service.row("model (offline)"));
		System.out.println(naive.row("naive (same fixes)"));
		System.out.printf("MAE model/naive %.3f; score %.1f %% (naive %.1f %%)%n", service.mae() / naive.mae(),
				100 * service.score(), 100 * naive.score());
	}

}
