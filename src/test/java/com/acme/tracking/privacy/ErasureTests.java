package com.acme.tracking.privacy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.acme.tracking.Api;
import com.acme.tracking.Api.Response;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Erasure end to end, with the embedded broker and PostgreSQL: a customer with an ended
 * order in history and a live one, erased by support, is gone by its id everywhere (the
 * customer's own reads, support's search, share links), named by a pseudonym in history
 * with coarsened places, and an erasure stopped midway finishes after a restart.
 */
@TrackingIntegrationTest
class ErasureTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.561684, -46.655981);

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	JdbcTemplate warehouse;

	@Autowired
	ErasureWorker worker;

	Api api;

	String support;

	final String agent = Api.id("agent");

	final String customer = Api.id("customer");

	final String partner = Api.id("partner");

	final String ended = Api.id("order");

	final String live = Api.id("order");

	String owner;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.support = this.api.token(this.agent, "support");
		this.owner = this.api.token(this.customer, "customer");
		String courier = Api.id("courier");
		Instant t0 = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
		this.api.created(this.ended, this.customer, this.partner, DESTINATION, t0);
		this.api.event(this.ended, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(1), courier);
		this.api.event(this.ended, DeliveryEventType.PICKED_UP, t0.plusSeconds(2), courier);
		this.api.event(this.ended, DeliveryEventType.DELIVERED, t0.plusSeconds(300), courier);
		this.api.created(this.live, this.customer, this.partner, DESTINATION, t0.plusSeconds(400));
		this.api.event(this.live, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(401), courier);
		await().until(() -> this.api.get("/v1/orders/" + this.live + "/tracking", this.owner).status() == 200
				&& search(this.customer).size() == 2);
	}

	@Test
	void anErasedCustomerIsGoneByItsIdEverywhere() {
		String shareLink = this.api.post("/v1/orders/" + this.live + "/share-links", this.owner, "")
			.json()
			.get("token")
			.stringValue();
		assertThat(this.api.get("/v1/track/" + shareLink, null).status()).isEqualTo(200);

		Response accepted = erase(this.customer);
		assertThat(accepted.status()).isEqualTo(202);
		String id = accepted.json().get("id").stringValue();
		assertThat(accepted.json().get("state").stringValue()).isIn("PENDING", "RUNNING", "DONE");
		assertThat(accepted.header("Location")).isEqualTo("/v1/privacy/erasures/" + id);
		JsonNode done = awaitDone(id);
		assertThat(Instant.parse(done.get("completedAt").stringValue()))
			.isAfterOrEqualTo(Instant.parse(done.get("requestedAt").stringValue()));

		// the customer's own reads, live and history, and support's search by the id
		for (String order : List.of(this.live, this.ended)) {
			assertThat(this.api.get("/v1/orders/" + order + "/tracking", this.owner).status()).isEqualTo(404);
			assertThat(this.api.get("/v1/orders/" + order + "/history", this.owner).status()).isEqualTo(404);
		}
		assertThat(search(this.customer)).isEmpty();
		// the share link is revoked
		assertThat(this.api.get("/v1/track/" + shareLink, null).status()).isEqualTo(404);
		// support still sees the orders, with the pseudonym, and the live one still moves
		// on
		assertThat(this.api.get("/v1/orders/" + this.ended + "/history", this.support).status()).isEqualTo(200);
		List<Map<String, Object>> rows = this.warehouse
			.queryForList("SELECT customer_id, destination_lat, destination_lon FROM delivery_events "
					+ "WHERE order_id IN (?, ?) AND type = 'CREATED'", this.ended, this.live);
		assertThat(rows).hasSize(2).allSatisfy((row) -> {
			assertThat((String) row.get("customer_id")).startsWith("~").doesNotContain(this.customer);
			assertThat((Double) row.get("destination_lat")).isEqualTo(-23.56);
			assertThat((Double) row.get("destination_lon")).isEqualTo(-46.66);
		});
		assertThat(this.warehouse.queryForObject("SELECT COUNT(*) FROM delivery_events WHERE customer_id = ?",
				Long.class, this.customer))
			.isZero();
		// an event that arrives afterwards for the live order is stored without the
		// customer
		this.api.event(this.live, DeliveryEventType.PICKED_UP, Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
		await().until(() -> this.api.get("/v1/orders/" + this.live + "/history", this.support)
			.json()
			.path("timeline")
			.size() == 3);
		assertThat(this.warehouse.queryForObject("SELECT COUNT(*) FROM delivery_events WHERE customer_id = ?",
				Long.class, this.customer))
			.isZero();

		// the request and its outcome are on the audit trail, with the pseudonym only
		String auditor = this.api.token(Api.id("lead"), "audit");
		await().until(() -> this.api.get("/v1/audit?actor=system", auditor).body().contains("erasure:" + id));
		JsonNode requested = this.api.get("/v1/audit?actor=" + this.agent, auditor).json().get("items");
		assertThat(java.util.stream.StreamSupport.stream(requested.spliterator(), false)
			.filter((r) -> r.get("action").stringValue().equals("erasure-requested"))
			.toList()).singleElement().satisfies((r) -> {
				assertThat(r.get("resource").stringValue()).contains("erasure:" + id).doesNotContain(this.customer);
				assertThat(r.get("channel").stringValue()).isEqualTo("privacy");
			});
		assertThat(this.api.get("/v1/audit?actor=system", auditor).body()).contains("erasure-done")
			.doesNotContain(this.customer);

		// asking again answers the same erasure
		Response again = erase(this.customer);
		assertThat(again.status()).isEqualTo(202);
		assertThat(again.json().get("id").stringValue()).isEqualTo(id);
		assertThat(again.json().get("state").stringValue()).isEqualTo("DONE");
	}

	@Test
	void anErasureStoppedMidwayFinishesAfterARestart() throws Exception {
		CountDownLatch reached = new CountDownLatch(1);
		this.worker.observer = (erasure, step) -> {
			if (step.equals("withheld")) {
				reached.countDown();
				// the replica dies here: nothing after this step runs
				new CountDownLatch(1).await();
			}
		};
		String id;
		try {
			id = erase(this.customer).json().get("id").stringValue();
			reached.await();
			this.worker.stop();
		}
		finally {
			this.worker.observer = (erasure, step) -> {
			};
		}
		// killed after withholding, before history was renamed
		assertThat(erasure(id).get("state").stringValue()).isEqualTo("RUNNING");
		assertThat(this.warehouse.queryForObject("SELECT COUNT(*) FROM delivery_events WHERE customer_id = ?",
				Long.class, this.customer))
			.isEqualTo(2);
		this.worker.start();
		// its lease passes (5 s here) and it runs again from the start
		awaitDone(id);
		assertThat(this.warehouse.queryForObject("SELECT COUNT(*) FROM delivery_events WHERE customer_id = ?",
				Long.class, this.customer))
			.isZero();
		assertThat(search(this.customer)).isEmpty();
		assertThat(this.api.get("/v1/orders/" + this.live + "/tracking", this.owner).status()).isEqualTo(404);
	}

	@Test
	void onlySupportMayEraseAndABadRequestNamesTheField() {
		for (String caller : List.of(this.owner, this.api.token(Api.id("user"), "partner", this.partner),
				this.api.token(Api.id("lead"), "audit"))) {
			Response refused = this.api.post("/v1/privacy/erasures", caller,
					"{\"customerId\":\"" + this.customer + "\"}");
			assertThat(refused.status()).isEqualTo(404);
		}
		assertThat(this.api.get("/v1/orders/" + this.live + "/tracking", this.owner).status()).isEqualTo(200);
		Response missing = this.api.post("/v1/privacy/erasures", this.support, "{}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.body()).contains("customerId");
		Response pseudonym = this.api.post("/v1/privacy/erasures", this.support, "{\"customerId\":\"~abc\"}");
		assertThat(pseudonym.status()).isEqualTo(400);
		assertThat(this.api.get("/v1/privacy/erasures/" + java.util.UUID.randomUUID(), this.support).status())
			.isEqualTo(404);
	}

	private Response erase(String customerId) {
		return this.api.post("/v1/privacy/erasures", this.support, "{\"customerId\":\"" + customerId + "\"}");
	}

	private JsonNode erasure(String id) {
		Response answer = this.api.get("/v1/privacy/erasures/" + id, this.support);
		assertThat(answer.status()).isEqualTo(200);
		return answer.json();
	}

	private JsonNode awaitDone(String id) {
		await().until(() -> erasure(id).get("state").stringValue().equals("DONE"));
		return erasure(id);
	}

	private List<JsonNode> search(String customerId) {
		JsonNode page = this.api.get("/v1/orders?customerId=" + customerId, this.support).json();
		return java.util.stream.StreamSupport.stream(page.get("items").spliterator(), false).toList();
	}

}
