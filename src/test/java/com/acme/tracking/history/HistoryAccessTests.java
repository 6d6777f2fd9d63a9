package com.acme.tracking.history;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.local.DevKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may make the warehouse work, and how much (issue 14, item 7): a caller with no role
 * that may read history gets its 404 without a query; ownership is a predicate of the
 * query; one caller's concurrent history requests are bounded, others' are not.
 */
@TrackingIntegrationTest
class HistoryAccessTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	Warehouse warehouse;

	@Autowired
	MeterRegistry meters;

	Api api;

	String orderId;

	String customerId;

	String partnerId;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.orderId = Api.id("order");
		this.customerId = Api.id("customer");
		this.partnerId = Api.id("partner");
		Instant t0 = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
		this.api.created(this.orderId, this.customerId, this.partnerId, DESTINATION, t0);
		this.api.event(this.orderId, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(10), Api.id("courier"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("SELECT count(*) FROM delivery_events WHERE order_id = ?", Long.class,
					this.orderId) == 2);
	}

	@Test
	void aCallerWithNoRoleThatMayReadHistoryGetsItsNotFoundWithoutAQuery() {
		String noRole = DevKeys.token(Api.id("someone"), List.of(), null, Duration.ofHours(1));
		String unknownRole = this.api.token(Api.id("someone"), "courier");
		String partnerWithoutId = this.api.token(Api.id("merchant"), "partner");
		long before = historyQueries();
		for (String token : List.of(noRole, unknownRole, partnerWithoutId)) {
			for (String order : List.of(this.orderId, Api.id("order"))) {
				assertThat(this.api.get("/v1/orders/" + order + "/history", token).status()).isEqualTo(404);
			}
		}
		assertThat(historyQueries()).as("warehouse queries for callers who may read no history").isEqualTo(before);

		// the same count sees the query a customer's request makes (it is not blind)
		String stranger = this.api.token(Api.id("customer"), "customer");
		assertThat(this.api.get("/v1/orders/" + this.orderId + "/history", stranger).status()).isEqualTo(404);
		assertThat(historyQueries()).isEqualTo(before + 1);
		String owner = this.api.token(this.customerId, "customer");
		assertThat(this.api.get("/v1/orders/" + this.orderId + "/history", owner).status()).isEqualTo(200);
	}

	@Test
	void ownershipIsAPredicateOfTheTimelineQuery() {
		String stranger = Api.id("customer");
		assertThat(this.warehouse.timeline(this.orderId, OrderScope.of(stranger, Api.id("partner")))).isEmpty();
		assertThat(this.warehouse.timeline(this.orderId, OrderScope.of(null, null))).isEmpty();
		assertThat(this.warehouse.timeline(this.orderId, OrderScope.of(this.customerId, null))).hasSize(2);
		assertThat(this.warehouse.timeline(this.orderId, OrderScope.of(stranger, this.partnerId))).hasSize(2);
		assertThat(this.warehouse.timeline(this.orderId, OrderScope.any())).hasSize(2);
	}

	/**
	 * With the events table locked, history requests wait in the warehouse: one caller's
	 * fifth and sixth concurrent requests are refused at once with 429 and Retry-After,
	 * while another caller's request is not refused, and all of them are answered once
	 * the lock is gone.
	 */
	@Test
	void oneCallersConcurrentHistoryRequestsAreBoundedWhileOthersAreServed() throws Exception {
		String greedy = this.api.token(Api.id("agent"), "support");
		String other = this.api.token(Api.id("agent"), "support");
		HttpClient http = HttpClient.newHttpClient();
		List<CompletableFuture<HttpResponse<String>>> mine = new ArrayList<>();
		CompletableFuture<HttpResponse<String>> theirs;
		try (Connection lock = this.dataSource.getConnection(); Statement statement = lock.createStatement()) {
			lock.setAutoCommit(false);
			statement.execute("LOCK TABLE delivery_events IN ACCESS EXCLUSIVE MODE");
			for (int i = 0; i < 6; i++) {
				mine.add(http.sendAsync(history(greedy), HttpResponse.BodyHandlers.ofString()));
			}
			await().atMost(Duration.ofSeconds(5))
				.until(() -> mine.stream().filter(CompletableFuture::isDone).count() == 2);
			for (CompletableFuture<HttpResponse<String>> response : mine) {
				if (response.isDone()) {
					assertThat(response.get().statusCode()).isEqualTo(429);
					assertThat(response.get().headers().firstValue("Retry-After")).hasValue("1");
					assertThat(response.get().headers().firstValue("Content-Type").orElse(""))
						.startsWith("application/problem+json");
				}
			}
			theirs = http.sendAsync(history(other), HttpResponse.BodyHandlers.ofString());
			lock.rollback();
		}
		assertThat(theirs.get().statusCode()).isEqualTo(200);
		assertThat(mine.stream().map((response) -> response.join().statusCode())).containsExactlyInAnyOrder(200, 200,
				200, 200, 429, 429);
		assertThat(this.api.get("/v1/orders/" + this.orderId + "/history", greedy).status()).isEqualTo(200);
	}

	private HttpRequest history(String token) {
		return HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/v1/orders/" + this.orderId + "/history"))
			.header("Authorization", "Bearer " + token)
			.GET()
			.build();
	}

	private long historyQueries() {
		return this.meters.find("tracking.history.query")
			.timers()
			.stream()
			.filter((timer) -> List.of("timeline", "track").contains(timer.getId().getTag("query")))
			.mapToLong(Timer::count)
			.sum();
	}

}
