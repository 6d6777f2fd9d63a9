package com.acme.tracking.eta;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.delivery.ingest.DeliveryEvent;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.AvroCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ETA evaluation harness (BENCHMARKS.md, B8): replays trips through Kafka into a
 * running service as deliveries whose destination is the drop-off point, first a history
 * to learn from, then trips on which it reads the service's ETA once a minute, and prints
 * the service's accuracy beside a naive baseline computed from the same fixes in the same
 * run (straight-line distance over the mean speed of the history's trips).
 *
 * <p>
 * {@code EtaHarness <http> <bootstrap> <support token> [trips.csv | synthetic:<count>]
 * [learn share, default 0.5]}. Trips of a file are split by start time (the earlier share
 * is history, the later is evaluated); each is moved by whole weeks into the last four
 * weeks (its hour of the week kept). Times are the fixes' own: the replay runs faster
 * than real time, so the prediction read is {@code estimatedArrivalAt} (from the
 * position's time), or, from a service without it, the position's time plus
 * {@code etaSeconds}.
 */
public final class EtaHarness {

	private static final AvroCodec<CourierPosition> POSITIONS = AvroCodec.of(CourierPosition.class);

	private static final AvroCodec<DeliveryEvent> EVENTS = AvroCodec.of(DeliveryEvent.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String http;

	private final String token;

	private final KafkaProducer<String, byte[]> kafka;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

	private EtaHarness(String http, String bootstrap, String token) {
		this.http = http;
		this.token = token;
		this.kafka = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
				new ByteArraySerializer());
	}

	public static void main(String[] args) throws Exception {
		String source = (args.length > 3) ? args[3] : "synthetic:400";
		double learnShare = (args.length > 4) ? Double.parseDouble(args[4]) : 0.5;
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		List<Trip> trips;
		if (source.startsWith("synthetic:")) {
			int count = Integer.parseInt(source.substring("synthetic:".length()));
			trips = new RealisticTrips(42, Duration.ofSeconds(15)).generate(count, now.minus(Duration.ofDays(27)),
					now.minus(Duration.ofHours(2)), "sim-");
		}
		else {
			trips = TripFile.read(Path.of(source));
		}
		trips = new ArrayList<>(trips.stream().map((trip) -> intoLastWeeks(trip, now)).toList());
		trips.sort(Comparator.comparing(Trip::start));
		int learn = (int) Math.round(trips.size() * learnShare);
		List<Trip> history = trips.subList(0, learn);
		List<Trip> evaluated = trips.subList(learn, trips.size());
		System.out.printf(
				"# %s: %d trips (%d of history, %d evaluated), %.0f fixes a trip, %.1f km straight, "
						+ "%.1f min on average%n",
				source, trips.size(), history.size(), evaluated.size(),
				trips.stream().mapToInt((t) -> t.fixes().size()).average().orElse(0),
				trips.stream().mapToDouble(Trip::straightLineMeters).average().orElse(0) / 1000,
				trips.stream().mapToLong(Trip::seconds).average().orElse(0) / 60);
		EtaHarness harness = new EtaHarness(args[0], args[1], args[2]);
		try {
			harness.evaluate(history, evaluated);
		}
		finally {
			harness.kafka.close();
		}
	}

	private void evaluate(List<Trip> history, List<Trip> evaluated) throws Exception {
		double before = modelTrips();
		long start = System.nanoTime();
		for (Trip trip : history) {
			replayWhole(trip);
		}
		this.kafka.flush();
		System.out.printf("# history produced (%d trips) in %.1f s%n", history.size(),
				(System.nanoTime() - start) / 1e9);
		awaitModel(before, history.size());

		double meanSpeed = history.stream().mapToDouble(Trip::straightLineMeters).sum()
				/ history.stream().mapToLong(Trip::seconds).sum();
		System.out.printf("# naive baseline: straight-line distance / %.2f m/s (the history's mean)%n", meanSpeed);
		EtaScore service = new EtaScore();
		EtaScore naive = new EtaScore();
		int missing = 0;
		for (Trip trip : evaluated) {
			String order = orderId(trip);
			String courier = courierId(trip);
			send(event(trip, DeliveryEventType.CREATED, trip.start().minusSeconds(120)));
			send(assigned(trip, DeliveryEventType.COURIER_ASSIGNED, trip.start().minusSeconds(60)));
			send(assigned(trip, DeliveryEventType.PICKED_UP, trip.start()));
			this.kafka.flush();
			awaitStatus(order, "PICKED_UP");
			List<Trip.Fix> fixes = trip.fixes();
			int next = 0;
			for (Instant reading = trip.start().plusSeconds(60); reading
				.isBefore(trip.arrival()); reading = reading.plusSeconds(60)) {
				Trip.Fix last = null;
				while (next < fixes.size() - 1 && !fixes.get(next).at().isAfter(reading)) {
					last = fixes.get(next++);
					sendPosition(courier, last);
				}
				if (last == null) {
					continue; // no fix in that minute (a gap): nothing new to read
				}
				this.kafka.flush();
				JsonNode tracking = awaitPosition(order, last.at());
				Instant predicted = predictedArrival(tracking);
				if (predicted == null) {
					missing++;
					continue;
				}
				long real = Duration.between(last.at(), trip.arrival()).getSeconds();
				service.add(real, Duration.between(last.at(), predicted).getSeconds());
				naive.add(real, Math.round(last.point().distanceTo(trip.destination()) / meanSpeed));
			}
			send(assigned(trip, DeliveryEventType.DELIVERED, trip.arrival()));
		}
		this.kafka.flush();
		System.out.println();
		System.out.println(EtaScore.header());
		System.out.println(service.row("service"));
		System.out.println(naive.row("naive (same fixes)"));
		System.out.printf(
				"%nB8 MAE service/naive %.2f (first step 0.80, goal 0.60); window score %.1f %% "
						+ "(first step 52 %%, goal 70 %%); naive %.1f %%; %d readings without an ETA%n",
				service.mae() / naive.mae(), 100 * service.score(), 100 * naive.score(), missing);
	}

	/** A history trip: the whole delivery, from creation to the drop-off. */
	private void replayWhole(Trip trip) {
		send(event(trip, DeliveryEventType.CREATED, trip.start().minusSeconds(120)));
		send(assigned(trip, DeliveryEventType.COURIER_ASSIGNED, trip.start().minusSeconds(60)));
		send(assigned(trip, DeliveryEventType.PICKED_UP, trip.start()));
		for (Trip.Fix fix : trip.fixes()) {
			sendPosition(courierId(trip), fix);
		}
		send(assigned(trip, DeliveryEventType.DELIVERED, trip.arrival()));
	}

	private static Trip intoLastWeeks(Trip trip, Instant now) {
		long weeks = Math.floorDiv(Duration.between(trip.arrival(), now.minus(Duration.ofHours(1))).toDays(), 7);
		Trip moved = trip.shiftedBy(Duration.ofDays(7 * weeks));
		while (Duration.between(moved.start(), now).toDays() >= 28) {
			moved = moved.shiftedBy(Duration.ofDays(7));
		}
		return moved;
	}

	private String orderId(Trip trip) {
		return "eta-" + this.run + "-" + trip.id();
	}

	private String courierId(Trip trip) {
		return "eta-courier-" + this.run + "-" + trip.id();
	}

	private DeliveryEvent event(Trip trip, DeliveryEventType type, Instant at) {
		DeliveryEvent event = DeliveryEvent.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setOrderId(orderId(trip))
			.setType(type)
			.setOccurredAt(at)
			.build();
		if (type == DeliveryEventType.CREATED) {
			event.setCustomerId("eta-customer");
			event.setPartnerId("eta-partner");
			event.setDestination(new GeoPoint(trip.destination().lat(), trip.destination().lon()));
		}
		return event;
	}

	private DeliveryEvent assigned(Trip trip, DeliveryEventType type, Instant at) {
		DeliveryEvent event = event(trip, type, at);
		event.setCourierId(courierId(trip));
		return event;
	}

	private void send(DeliveryEvent event) {
		this.kafka.send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, event.getOrderId(), EVENTS.encode(event)));
	}

	private void sendPosition(String courierId, Trip.Fix fix) {
		CourierPosition position = CourierPosition.newBuilder()
			.setCourierId(courierId)
			.setLat(fix.point().lat())
			.setLon(fix.point().lon())
			.setAccuracyMeters(10f)
			.setRecordedAt(fix.at())
			.build();
		this.kafka.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, courierId, POSITIONS.encode(position)));
	}

	private static Instant predictedArrival(JsonNode tracking) {
		JsonNode at = tracking.path("estimatedArrivalAt");
		if (at.isString()) {
			return Instant.parse(at.asString());
		}
		JsonNode eta = tracking.path("etaSeconds");
		JsonNode recorded = tracking.path("courier").path("position").path("recordedAt");
		if (eta.isNumber() && recorded.isString()) {
			return Instant.parse(recorded.asString()).plusSeconds(eta.asLong());
		}
		return null;
	}

	private JsonNode awaitPosition(String order, Instant recordedAt) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		JsonNode tracking = null;
		while (System.nanoTime() < deadline) {
			tracking = tracking(order);
			JsonNode at = (tracking != null) ? tracking.path("courier").path("position").path("recordedAt") : null;
			if (at != null && at.isString() && !Instant.parse(at.asString()).isBefore(recordedAt)) {
				return tracking;
			}
			Thread.sleep(5); // polling the service, as a client would
		}
		throw new IllegalStateException("order " + order + " did not show the fix of " + recordedAt + ": " + tracking);
	}

	private void awaitStatus(String order, String status) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			JsonNode tracking = tracking(order);
			if (tracking != null && status.equals(tracking.path("status").asString())) {
				return;
			}
			Thread.sleep(10);
		}
		throw new IllegalStateException("order " + order + " never reached " + status);
	}

	private JsonNode tracking(String order) throws Exception {
		HttpResponse<String> response = this.client
			.send(HttpRequest.newBuilder(URI.create(this.http + "/v1/orders/" + order + "/tracking"))
				.header("Authorization", "Bearer " + this.token)
				.build(), HttpResponse.BodyHandlers.ofString());
		return (response.statusCode() == 200) ? JSON.readTree(response.body()) : null;
	}

	/** The trips the model was learnt from, per the service's metric; -1 without it. */
	private double modelTrips() throws Exception {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(URI.create(this.http + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString());
		for (String line : response.body().split("\n")) {
			if (line.startsWith("tracking_eta_model_trips")) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return -1;
	}

	private void awaitModel(double before, int trips) throws Exception {
		if (before < 0) {
			System.out.println("# the service has no learnt ETA model (no tracking_eta_model_trips): evaluating as is");
			return;
		}
		long start = System.nanoTime();
		long deadline = start + Duration.ofMinutes(10).toNanos();
		double now = before;
		while (System.nanoTime() < deadline) {
			now = modelTrips();
			if (now >= before + 0.9 * trips) {
				System.out.printf("# model learnt from %.0f trips, %.1f s after the history was produced%n", now,
						(System.nanoTime() - start) / 1e9);
				return;
			}
			Thread.sleep(1000);
		}
		System.out.printf("# the model holds %.0f trips after 10 min (expected %d more): evaluating as is%n", now,
				trips);
	}

}
