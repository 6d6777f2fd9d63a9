package com.acme.tracking.history;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.DeliveryStatus;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.shared.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16, item 3: the ETA's accuracy measured in the service on every delivered order.
 * A delivery replayed through the real broker with a fix every 20 s over six minutes of
 * event time: the history writer keeps the ETA given at each minute in the real
 * PostgreSQL, the order's history shows them beside the real arrival, the error histogram
 * counts them when the order is delivered, and {@code /v1/eta/accuracy} aggregates them
 * in SQL to the figures computed here from the history.
 */
@TrackingIntegrationTest
class EtaAccuracyTests {

	/** Nairobi: no other test delivers there. */
	static final GeoPoint DESTINATION = new GeoPoint(-1.2921, 36.8219);

	/** A fix every 20 s from 10 s after the pickup to 370 s: 19 fixes. */
	static final int FIXES = 19;

	/** Readings at 10, 70, ..., 370 s after the pickup: one a minute. */
	static final List<Long> READINGS_AT = List.of(10L, 70L, 130L, 190L, 250L, 310L, 370L);

	/** The arrival, seconds after the pickup. */
	static final long ARRIVAL = 600;

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DeliveryStates deliveries;

	@Autowired
	MeterRegistry meters;

	@Autowired
	EtaAccuracyGauges gauges;

	Api api;

	String support;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.support = this.api.token(Api.id("agent"), "support");
	}

	@Test
	void aDeliveredOrdersHistoryShowsItsEtaAtEachMinuteTheHistogramCountsThemAndTheAccuracyEndpointAgrees() {
		String orderId = Api.id("order-eta");
		String customerId = Api.id("customer");
		String courierId = Api.id("courier");
		Instant pickup = Instant.now().minusSeconds(900).truncatedTo(ChronoUnit.SECONDS);
		Instant arrival = pickup.plusSeconds(ARRIVAL);
		pickUp(orderId, customerId, courierId, pickup);
		for (int i = 0; i < FIXES; i++) {
			long s = 10 + 20L * i;
			// from 3 km south to 1.2 km: never within the arriving radius
			this.api.position(courierId, south(3000 - 5 * s), DESTINATION.getLon(), pickup.plusSeconds(s), 5f);
		}
		await().until(() -> readingRows(orderId) == READINGS_AT.size());
		// at-least-once: a reading written twice is read once
		this.jdbc.update("INSERT INTO eta_readings SELECT * FROM eta_readings WHERE order_id = ? AND read_at = ?",
				orderId, java.sql.Timestamp.from(pickup.plusSeconds(70)));
		assertThat(readingRows(orderId)).isEqualTo(READINGS_AT.size() + 1);

		String owner = this.api.token(customerId, "customer");
		JsonNode before = this.api.get("/v1/orders/" + orderId + "/history", owner).json();
		assertThat(before.get("arrivedAt").isNull()).isTrue();
		assertThat(before.get("etaReadings")).hasSize(READINGS_AT.size())
			.allSatisfy((reading) -> assertThat(reading.get("errorSeconds").isNull()).isTrue());

		Map<String, Double> countsBefore = errorCounts();
		this.api.event(orderId, DeliveryEventType.DELIVERED, arrival, courierId);

		// (a) the history: one reading a minute from the first fix, the real arrival, and
		// each reading's error against it
		await()
			.until(() -> !this.api.get("/v1/orders/" + orderId + "/history", owner).json().get("arrivedAt").isNull());
		JsonNode history = this.api.get("/v1/orders/" + orderId + "/history", owner).json();
		assertThat(Instant.parse(history.get("arrivedAt").stringValue())).isEqualTo(arrival);
		JsonNode readings = history.get("etaReadings");
		assertThat(readings).extracting((r) -> Instant.parse(r.get("at").stringValue()))
			.containsExactlyElementsOf(READINGS_AT.stream().map(pickup::plusSeconds).toList());
		List<double[]> measured = new ArrayList<>();
		for (JsonNode reading : readings) {
			Instant at = Instant.parse(reading.get("at").stringValue());
			Instant estimated = Instant.parse(reading.get("estimatedArrivalAt").stringValue());
			Instant earliest = Instant.parse(reading.get("estimatedArrivalRange").get("earliest").stringValue());
			Instant latest = Instant.parse(reading.get("estimatedArrivalRange").get("latest").stringValue());
			assertThat(earliest).isBeforeOrEqualTo(estimated);
			assertThat(latest).isAfterOrEqualTo(estimated);
			assertThat(estimated).isAfter(at);
			assertThat(reading.get("remainingMeters").doubleValue()).isBetween(1000.0, 3000.0);
			double error = Duration.between(estimated, arrival).toMillis() / 1000.0;
			assertThat(reading.get("errorSeconds").doubleValue()).isCloseTo(error, within(0.001));
			measured.add(new double[] { Duration.between(at, arrival).toMillis() / 1000.0, error });
		}

		// (b) the histogram: one count per reading, in the bucket of its time to arrival
		// (590..410 s: 6-10m; 350..230 s: 3-6m)
		await().untilAsserted(() -> {
			Map<String, Double> after = errorCounts();
			assertThat(after.getOrDefault("6-10m", 0.0) - countsBefore.getOrDefault("6-10m", 0.0)).isEqualTo(4);
			assertThat(after.getOrDefault("3-6m", 0.0) - countsBefore.getOrDefault("3-6m", 0.0)).isEqualTo(3);
			for (String until : List.of("0-3m", "10-15m", "15-30m", "30m+")) {
				assertThat(after.getOrDefault(until, 0.0)).as(until).isEqualTo(countsBefore.getOrDefault(until, 0.0));
			}
		});

		// (c) the accuracy of the orders delivered around that arrival: the same
		// readings,
		// aggregated by the warehouse
		JsonNode accuracy = this.api
			.get("/v1/eta/accuracy?from=" + arrival.minusSeconds(1) + "&to=" + arrival.plusSeconds(1), this.support)
			.json();
		assertThat(accuracy.get("orders").longValue()).isEqualTo(1);
		assertThat(accuracy.get("readings").longValue()).isEqualTo(READINGS_AT.size());
		double[] absolute = measured.stream().mapToDouble((m) -> Math.abs(m[1])).sorted().toArray();
		assertThat(accuracy.get("maeSeconds").doubleValue())
			.isCloseTo(java.util.Arrays.stream(absolute).average().orElseThrow(), within(0.001));
		assertThat(accuracy.get("p50Seconds").doubleValue()).isCloseTo(percentile(absolute, 0.5), within(0.001));
		assertThat(accuracy.get("p90Seconds").doubleValue()).isCloseTo(percentile(absolute, 0.9), within(0.001));
		List<Double> shares = new ArrayList<>();
		JsonNode buckets = accuracy.get("buckets");
		assertThat(buckets).extracting((b) -> b.get("until").stringValue())
			.containsExactly("0-3m", "3-6m", "6-10m", "10-15m", "15-30m", "30m+");
		for (int b = 0; b < EtaAccuracy.WINDOWS.size(); b++) {
			EtaAccuracy.Window window = EtaAccuracy.WINDOWS.get(b);
			List<double[]> in = measured.stream()
				.filter((m) -> m[0] >= window.fromSeconds() && m[0] < window.upToSeconds())
				.toList();
			JsonNode bucket = buckets.get(b);
			assertThat(bucket.get("readings").longValue()).as(window.until()).isEqualTo(in.size());
			if (in.isEmpty()) {
				assertThat(bucket.get("withinWindow").isNull()).as(window.until()).isTrue();
				assertThat(bucket.get("maeSeconds").isNull()).as(window.until()).isTrue();
				continue;
			}
			double share = (double) in.stream()
				.filter((m) -> m[1] >= -window.earlySeconds() && m[1] <= window.lateSeconds())
				.count() / in.size();
			shares.add(share);
			assertThat(bucket.get("withinWindow").doubleValue()).as(window.until()).isCloseTo(share, within(1e-9));
			assertThat(bucket.get("maeSeconds").doubleValue()).as(window.until())
				.isCloseTo(in.stream().mapToDouble((m) -> Math.abs(m[1])).average().orElseThrow(), within(0.001));
		}
		assertThat(shares).hasSize(2);
		assertThat(accuracy.get("score").doubleValue())
			.isCloseTo(shares.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), within(1e-9));
		assertThat(buckets.get(5).get("readings").longValue()).isZero();

		// the gauges read the same query over the last hour
		assertThat(this.gauges.refresh()).isTrue();
		assertThat(this.meters.get("tracking.eta.within.window.ratio").tag("until", "3-6m").gauge().value())
			.isBetween(0.0, 1.0);
	}

	@Test
	void aBadRangeIsA400NamingTheParameterAndOnlySupportMayAsk() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		String[][] cases = { { "from=yesterday", "from" }, { "to=2026-13-01T00:00:00Z", "to" },
				{ "from=" + now.minusSeconds(60) + "&to=" + now.minusSeconds(60), "from" },
				{ "from=" + now + "&to=" + now.minusSeconds(3600), "from" },
				{ "from=" + now.minus(Duration.ofDays(32)) + "&to=" + now, "from" } };
		for (String[] c : cases) {
			Api.Response response = this.api.get("/v1/eta/accuracy?" + c[0], this.support);
			assertThat(response.status()).as(c[0]).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().get("parameter").stringValue()).as(c[0]).isEqualTo(c[1]);
		}
		Api.Response fine = this.api.get("/v1/eta/accuracy", this.support);
		assertThat(fine.status()).isEqualTo(200);
		JsonNode day = fine.json();
		assertThat(Duration.between(Instant.parse(day.get("from").stringValue()),
				Instant.parse(day.get("to").stringValue())))
			.isEqualTo(Duration.ofDays(1));

		long queries = accuracyQueries();
		String customer = this.api.token(Api.id("customer"), "customer");
		String partner = this.api.token(Api.id("merchant"), "partner", "partner-1");
		for (String token : List.of(customer, partner)) {
			for (String query : List.of("", "?from=yesterday")) {
				Api.Response refused = this.api.get("/v1/eta/accuracy" + query, token);
				assertThat(refused.status()).isEqualTo(404);
				assertThat(refused.contentType()).startsWith("application/problem+json");
				assertThat(refused.json().get("detail").stringValue()).isEqualTo("Not found");
				assertThat(refused.body()).doesNotContain("readings", "parameter", "score");
			}
		}
		assertThat(accuracyQueries()).as("no warehouse query for callers who are not support").isEqualTo(queries);
	}

	/**
	 * Readings the warehouse refuses (a CHECK constraint on {@code eta_readings} of the
	 * real PostgreSQL) cost no position: the positions that gave them are written, none
	 * is dead-lettered.
	 */
	@Test
	void whenTheWarehouseRefusesTheReadingsThePositionsAreWrittenAndNotDeadLettered() {
		String orderId = "refused-eta-" + Api.id("order");
		String courierId = Api.id("courier");
		double refusedBefore = this.meters.get("tracking.ingest.dead.letters")
			.tag("topic", Topics.COURIER_POSITIONS)
			.tag("kind", "refused")
			.counter()
			.count();
		this.jdbc.execute("ALTER TABLE eta_readings ADD CONSTRAINT refuse_readings_for_test "
				+ "CHECK (order_id NOT LIKE 'refused-eta-%') NOT VALID");
		try {
			Instant pickup = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
			pickUp(orderId, Api.id("customer"), courierId, pickup);
			for (int i = 0; i < 10; i++) {
				this.api.position(courierId, south(3000 - 300 * i), DESTINATION.getLon(),
						pickup.plusSeconds(10 + 60L * i), 5f);
			}
			await().until(() -> count("SELECT count(*) FROM courier_positions WHERE courier_id = ?", courierId) == 10);
			assertThat(readingRows(orderId)).isZero();
			assertThat(this.meters.get("tracking.ingest.dead.letters")
				.tag("topic", Topics.COURIER_POSITIONS)
				.tag("kind", "refused")
				.counter()
				.count()).isEqualTo(refusedBefore);
		}
		finally {
			this.jdbc.execute("ALTER TABLE eta_readings DROP CONSTRAINT IF EXISTS refuse_readings_for_test");
		}
	}

	/**
	 * An order created, assigned and picked up at {@code pickup}, and the hot state
	 * holding the pickup (readings are taken from what it holds).
	 */
	private void pickUp(String orderId, String customerId, String courierId, Instant pickup) {
		this.api.created(orderId, customerId, "partner-eta-accuracy", DESTINATION, pickup.minusSeconds(300));
		this.api.event(orderId, DeliveryEventType.COURIER_ASSIGNED, pickup.minusSeconds(200), courierId);
		this.api.event(orderId, DeliveryEventType.PICKED_UP, pickup, courierId);
		await().until(
				() -> this.deliveries.find(orderId).map((d) -> d.status() == DeliveryStatus.PICKED_UP).orElse(false));
	}

	/** The counts of {@code tracking_eta_error_seconds} by {@code until}, both sides. */
	private Map<String, Double> errorCounts() {
		String body = this.api.get("/actuator/prometheus", null).body();
		Matcher matcher = Pattern.compile("(?m)^tracking_eta_error_seconds_count\\{([^}]*)\\} (\\S+)$").matcher(body);
		Map<String, Double> counts = new HashMap<>();
		while (matcher.find()) {
			Matcher until = Pattern.compile("until=\"([^\"]+)\"").matcher(matcher.group(1));
			if (until.find()) {
				counts.merge(until.group(1), Double.parseDouble(matcher.group(2)), Double::sum);
			}
		}
		assertThat(counts).as("every until bucket is exported").hasSize(6);
		return counts;
	}

	private long accuracyQueries() {
		return this.meters.find("tracking.history.query")
			.tag("query", "eta-accuracy")
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	/** PERCENTILE_CONT: linear interpolation between the closest ranks. */
	private static double percentile(double[] sorted, double q) {
		double rank = q * (sorted.length - 1);
		int below = (int) Math.floor(rank);
		int above = (int) Math.ceil(rank);
		return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
	}

	private long readingRows(String orderId) {
		return count("SELECT count(*) FROM eta_readings WHERE order_id = ?", orderId);
	}

	private long count(String sql, String parameter) {
		Long count = this.jdbc.queryForObject(sql, Long.class, parameter);
		return (count != null) ? count : 0;
	}

	private static double south(double meters) {
		return DESTINATION.getLat() - meters / 111_195.0;
	}

}
