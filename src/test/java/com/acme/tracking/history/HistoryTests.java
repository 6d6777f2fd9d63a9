package com.acme.tracking.history;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.avro.AvroCodec;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** History through the real writer and the real embedded PostgreSQL. */
@TrackingIntegrationTest
class HistoryTests {

	static final AvroCodec<CourierPosition> POSITIONS = AvroCodec.of(CourierPosition.class);

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Warehouse warehouse;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	Api api;

	String support;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.support = this.api.token(Api.id("agent"), "support");
	}

	@Test
	void anOrderAppearsInHistoryExactlyOnceEvenWhenRecordsAreRedelivered() throws Exception {
		String orderId = Api.id("order");
		String customerId = Api.id("customer");
		String courierId = Api.id("courier");
		Instant t0 = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
		this.api.created(orderId, customerId, "partner-h", DESTINATION, t0);
		this.api.event(orderId, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(10), courierId);
		this.api.position(courierId, DESTINATION.getLat() - 0.03, DESTINATION.getLon(), t0.plusSeconds(15), 5f);
		this.api.event(orderId, DeliveryEventType.PICKED_UP, t0.plusSeconds(20), courierId);
		for (int i = 0; i < 30; i++) {
			this.api.position(courierId, DESTINATION.getLat() - 0.02 + i * 0.0005,
					DESTINATION.getLon() + (i % 7) * 1e-4, t0.plusSeconds(30 + i), 5f);
		}
		this.api.event(orderId, DeliveryEventType.DELIVERED, t0.plusSeconds(100), courierId);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> rows("delivery_events", "order_id", orderId) == 4
					&& rows("courier_positions", "courier_id", courierId) == 31);

		// Redeliver: move the writer's committed offsets back to the start and let it run
		// again.
		MessageListenerContainer writer = this.listeners.getListenerContainer("history-writer");
		writer.stop();
		try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", Api.bootstrap(this.kafkaConnection)))) {
			Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
			for (String topic : List.of("tracking.delivery-events.v1", "tracking.courier-positions.v1")) {
				for (int p = 0; p < 6; p++) {
					start.put(new TopicPartition(topic, p), new OffsetAndMetadata(0));
				}
			}
			admin.alterConsumerGroupOffsets("tracking-history", start).all().get();
		}
		writer.start();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> rows("delivery_events", "order_id", orderId) == 8
					&& rows("courier_positions", "courier_id", courierId) == 62);

		String owner = this.api.token(customerId, "customer");
		JsonNode history = this.api.get("/v1/orders/" + orderId + "/history", owner).json();
		assertThat(history.get("orderId").stringValue()).isEqualTo(orderId);
		assertThat(history.get("timeline")).extracting((step) -> step.get("status").stringValue())
			.containsExactly("CREATED", "COURIER_ASSIGNED", "PICKED_UP", "DELIVERED");
		assertThat(history.get("timeline").get(1).get("location").isNull())
			.as("a customer sees no courier location from before pickup")
			.isTrue();
		assertThat(history.get("trail")).hasSize(30);
		Set<String> times = new HashSet<>();
		history.get("trail").forEach((point) -> times.add(point.get("recordedAt").stringValue()));
		assertThat(times).hasSize(30);
		assertThat(history.get("trail").get(0).get("recordedAt").stringValue())
			.isEqualTo(t0.plusSeconds(30).toString());

		JsonNode downsampled = this.api.get("/v1/orders/" + orderId + "/history?maxPoints=5", this.support).json();
		assertThat(downsampled.get("trail")).hasSize(5);
		assertThat(downsampled.get("trail").get(0).get("recordedAt").stringValue())
			.isEqualTo(t0.plusSeconds(30).toString());
		assertThat(downsampled.get("trail").get(4).get("recordedAt").stringValue())
			.isEqualTo(t0.plusSeconds(59).toString());

		JsonNode search = this.api
			.get("/v1/orders?customerId=" + customerId + "&from=" + t0.minusSeconds(1) + "&to=" + t0.plusSeconds(1),
					this.support)
			.json();
		assertThat(search.get("items")).singleElement().satisfies((item) -> {
			assertThat(item.get("orderId").stringValue()).isEqualTo(orderId);
			assertThat(item.get("status").stringValue()).isEqualTo("DELIVERED");
			assertThat(item.get("partnerId").stringValue()).isEqualTo("partner-h");
			assertThat(item.get("updatedAt").stringValue()).isEqualTo(t0.plusSeconds(100).toString());
		});
	}

	/**
	 * After a reassignment, the trail is each courier's leg: A from the pickup to B's
	 * assignment, B from its assignment to the end; never B's positions from before it
	 * had the order, nor A's after it handed it over. Through Kafka and the writer.
	 */
	@Test
	void aReassignedOrdersTrailShowsEachCourierOnlyWhileItCarriedTheOrder() {
		String orderId = Api.id("order");
		String customerId = Api.id("customer");
		String first = Api.id("courier-a");
		String second = Api.id("courier-b");
		Instant t0 = Instant.now().minusSeconds(900).truncatedTo(ChronoUnit.MILLIS);
		this.api.created(orderId, customerId, Api.id("partner"), DESTINATION, t0);
		this.api.event(orderId, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(10), first);
		this.api.event(orderId, DeliveryEventType.PICKED_UP, t0.plusSeconds(20), first);
		this.api.event(orderId, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(50), second);
		this.api.event(orderId, DeliveryEventType.OUT_FOR_DELIVERY, t0.plusSeconds(55), second);
		this.api.event(orderId, DeliveryEventType.DELIVERED, t0.plusSeconds(100), second);
		// A drives from 12 s to 70 s (it went home after the handover); B from 0 s to 120
		// s
		// (it was on other jobs before).
		for (int s = 12; s <= 70; s += 2) {
			this.api.position(first, 10 + s * 1e-4, 20, t0.plusSeconds(s), 5f);
		}
		for (int s = 1; s <= 120; s += 2) {
			this.api.position(second, 30 + s * 1e-4, 40, t0.plusSeconds(s), 5f);
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> rows("delivery_events", "order_id", orderId) == 6
					&& rows("courier_positions", "courier_id", first) == 30
					&& rows("courier_positions", "courier_id", second) == 60);

		for (String token : List.of(this.api.token(customerId, "customer"), this.support)) {
			JsonNode trail = this.api.get("/v1/orders/" + orderId + "/history", token).json().get("trail");
			List<String> points = new ArrayList<>();
			trail.forEach((point) -> {
				long second0 = Duration.between(t0, Instant.parse(point.get("recordedAt").stringValue())).toSeconds();
				points.add(((point.get("lat").asDouble() < 20) ? "A" : "B") + second0);
			});
			List<String> expected = new ArrayList<>();
			for (int s = 20; s <= 50; s += 2) {
				expected.add("A" + s);
			}
			for (int s = 51; s <= 99; s += 2) {
				expected.add("B" + s);
			}
			assertThat(points).containsExactlyElementsOf(expected);
		}
	}

	/**
	 * R7: positions far in the past and out of order reach history but never move the
	 * live position back; one far in the future is dead-lettered by the live ingest and
	 * not written by the history writer either (both judge it by the record's timestamp).
	 */
	@Test
	void oldAndOutOfOrderPositionsReachHistoryButNeverMoveTheLivePositionBack() {
		String courierId = Api.id("courier");
		String sentinel = Api.id("courier-sentinel");
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Instant farPast = now.minus(Duration.ofDays(400));
		sendPosition(courierId, 10, now.minusSeconds(1));
		await().until(() -> this.api.get("/v1/couriers/" + courierId + "/location", this.support).status() == 200);

		sendPosition(courierId, 20, farPast);
		sendPosition(courierId, 30, now.minus(Duration.ofMinutes(10)));
		sendPosition(courierId, 35, now.minusSeconds(2));
		sendPosition(courierId, 40, now.plus(Duration.ofHours(1)));
		sendPosition(sentinel, 50, now);
		await().until(() -> this.api.get("/v1/couriers/" + sentinel + "/location", this.support).status() == 200);

		JsonNode live = this.api.get("/v1/couriers/" + courierId + "/location", this.support).json();
		assertThat(live.get("lat").asDouble()).isEqualTo(10.0);
		assertThat(Api.deadLetterReasons(this.kafkaConnection, List.of(courierId)).get(courierId))
			.startsWith("'recordedAt' is in the future");
		await().untilAsserted(() -> {
			// the API answers up to now plus the clock skew (a later "to" is a bad
			// parameter): the warehouse itself shows that the future one was not written
			assertThat(latitudes(courierId, now.minus(Duration.ofHours(1)), Instant.now().plusSeconds(60)))
				.containsExactly(30.0, 35.0, 10.0);
			assertThat(latitudes(courierId, farPast.minusSeconds(60), farPast.plusSeconds(60))).containsExactly(20.0);
		});
		assertThat(this.jdbc.queryForList("SELECT lat FROM courier_positions WHERE courier_id = ?", Double.class,
				courierId))
			.containsExactlyInAnyOrder(10.0, 20.0, 30.0, 35.0);
	}

	private List<Double> latitudes(String courierId, Instant from, Instant to) {
		List<Double> latitudes = new ArrayList<>();
		this.api.get("/v1/couriers/" + courierId + "/positions?from=" + from + "&to=" + to, this.support)
			.json()
			.get("items")
			.forEach((item) -> latitudes.add(item.get("lat").asDouble()));
		return latitudes;
	}

	private void sendPosition(String courierId, double lat, Instant at) {
		CourierPosition position = CourierPosition.newBuilder()
			.setCourierId(courierId)
			.setLat(lat)
			.setLon(13.4)
			.setRecordedAt(at)
			.build();
		// one partition, so the sentinel is read after the others
		this.kafka.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, 0, courierId, POSITIONS.encode(position)))
			.join();
	}

	@Test
	void paginationCoversARangeExactlyOnceEvenWithInsertsBetweenPages() {
		String courierId = Api.id("courier");
		Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
		List<PositionRow> rows = new ArrayList<>();
		for (int i = 0; i < 250; i++) {
			// Pairs of rows share a time: the cursor must break ties by partition and
			// offset.
			rows.add(row(courierId, t0.plusSeconds(i / 2), i % 6, 1_000_000 + i));
		}
		rows.add(rows.get(17));
		this.warehouse.write(rows, List.of());

		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			JsonNode page = this.api
				.get("/v1/couriers/" + courierId + "/positions?limit=40&from=" + t0 + "&to=" + t0.plusSeconds(3600)
						+ ((cursor != null) ? "&cursor=" + cursor : ""), this.support)
				.json();
			page.get("items").forEach((item) -> seen.add(item.get("recordedAt").stringValue() + "/" + item.get("lat")));
			cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").stringValue();
			if (pages++ == 1) {
				// Late data before the cursor and new data after it arrive between pages.
				this.warehouse.write(List.of(row(courierId, t0.plusSeconds(1), 0, 9_000_000),
						row(courierId, t0.plusSeconds(3000), 0, 9_000_001)), List.of());
			}
		}
		while (cursor != null);
		assertThat(seen).doesNotHaveDuplicates().hasSize(251);
	}

	/**
	 * Cursors are signed: one the API issued pages on; the same with one character of its
	 * key changed, or used for another courier or a search, is a bad {@code cursor}.
	 */
	@Test
	void aCursorIsAcceptedOnlyAsIssuedAndForItsOwnQuery() {
		String courierId = Api.id("courier");
		Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
		List<PositionRow> rows = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			rows.add(row(courierId, t0.plusSeconds(i), 0, 2_000_000 + i));
		}
		this.warehouse.write(rows, List.of());
		String range = "&from=" + t0 + "&to=" + t0.plusSeconds(3600);
		String cursor = this.api.get("/v1/couriers/" + courierId + "/positions?limit=2" + range, this.support)
			.json()
			.get("nextCursor")
			.stringValue();
		assertThat(
				this.api.get("/v1/couriers/" + courierId + "/positions?limit=2&cursor=" + cursor + range, this.support)
					.json()
					.get("items"))
			.hasSize(2);
		// one character of the key changed (the signature no longer matches)
		String middle = cursor.substring(0, 10) + ((cursor.charAt(10) == 'A') ? 'B' : 'A') + cursor.substring(11);
		for (String url : List.of("/v1/couriers/" + courierId + "/positions?cursor=" + middle + range,
				"/v1/couriers/" + Api.id("courier") + "/positions?cursor=" + cursor + range,
				"/v1/orders?cursor=" + cursor)) {
			Api.Response response = this.api.get(url, this.support);
			assertThat(response.status()).as(url).isEqualTo(400);
			assertThat(response.json().get("parameter").stringValue()).as(url).isEqualTo("cursor");
		}
	}

	@Test
	void badParametersAreNamedAndStrangersSeeNothing() {
		String courierId = Api.id("courier");
		Api.Response badLimit = this.api.get("/v1/couriers/" + courierId + "/positions?limit=0", this.support);
		assertThat(badLimit.status()).isEqualTo(400);
		assertThat(badLimit.contentType()).startsWith("application/problem+json");
		assertThat(badLimit.json().get("parameter").stringValue()).isEqualTo("limit");
		assertThat(this.api.get("/v1/couriers/" + courierId + "/positions?from=yesterday", this.support)
			.json()
			.get("parameter")
			.stringValue()).isEqualTo("from");
		assertThat(this.api.get("/v1/couriers/" + courierId + "/positions?cursor=xyz", this.support)
			.json()
			.get("parameter")
			.stringValue()).isEqualTo("cursor");
		assertThat(this.api.get("/v1/orders?status=LOST", this.support).json().get("parameter").stringValue())
			.isEqualTo("status");
		String customer = this.api.token(Api.id("customer"), "customer");
		assertThat(this.api.get("/v1/couriers/" + courierId + "/positions", customer).status()).isEqualTo(404);
		assertThat(this.api.get("/v1/orders", customer).status()).isEqualTo(404);
		assertThat(this.api.get("/v1/orders/" + Api.id("order") + "/history", this.support).status()).isEqualTo(404);
	}

	@Test
	void aPartnerFindsOnlyItsOwnOrders() {
		Instant t0 = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.MILLIS);
		String mine = Api.id("order");
		String theirs = Api.id("order");
		String partner = Api.id("partner");
		this.api.created(mine, Api.id("customer"), partner, DESTINATION, t0);
		this.api.created(theirs, Api.id("customer"), Api.id("partner"), DESTINATION, t0);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> rows("delivery_events", "order_id", mine) == 1
					&& rows("delivery_events", "order_id", theirs) == 1);
		String token = this.api.token(Api.id("merchant"), "partner", partner);
		String range = "from=" + t0.minusSeconds(1) + "&to=" + t0.plusSeconds(1);
		JsonNode own = this.api.get("/v1/orders?" + range, token).json();
		assertThat(own.get("items")).extracting((item) -> item.get("orderId").stringValue()).containsExactly(mine);
		assertThat(this.api.get("/v1/orders?partnerId=other&" + range, token).json().get("items")).isEmpty();
		assertThat(this.api.get("/v1/orders/" + theirs + "/history", token).status()).isEqualTo(404);
	}

	private long rows(String table, String column, String value) {
		Long count = this.jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE " + column + " = ?", Long.class,
				value);
		return (count != null) ? count : 0;
	}

	private static PositionRow row(String courierId, Instant at, int partition, long offset) {
		return new PositionRow(courierId, offset / 1e7, 13.4, 5f, null, null, Timestamp.from(at),
				Timestamp.from(Instant.now()), partition, offset);
	}

}
