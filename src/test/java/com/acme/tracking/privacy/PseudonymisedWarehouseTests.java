package com.acme.tracking.privacy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.shared.CustomerIds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code tracking.privacy.pseudonymise-customers}: the warehouse never holds a customer
 * id, only its pseudonym, and everything that looks orders up by customer still works
 * (support's search, the customer's own history), until the customer is erased.
 */
@TrackingIntegrationTest
@TestPropertySource(properties = "tracking.privacy.pseudonymise-customers=true")
class PseudonymisedWarehouseTests {

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	JdbcTemplate warehouse;

	@Autowired
	CustomerIds customers;

	@Test
	void theWarehouseHoldsPseudonymsAndIsStillSearchedById() {
		Api api = new Api(this.port, this.kafka);
		String customer = Api.id("customer");
		String order = Api.id("order");
		String support = api.token(Api.id("agent"), "support");
		String owner = api.token(customer, "customer");
		Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
		api.created(order, customer, Api.id("partner"), new GeoPoint(-23.56168, -46.65598), t0);
		api.event(order, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(1), Api.id("courier"));
		await().until(() -> api.get("/v1/orders/" + order + "/history", owner).json().path("timeline").size() == 2);

		List<String> stored = this.warehouse.queryForList(
				"SELECT customer_id FROM delivery_events WHERE order_id = ? AND type = 'CREATED'", String.class, order);
		assertThat(stored).containsExactly(this.customers.pseudonym(customer));
		assertThat(this.warehouse.queryForObject("SELECT COUNT(*) FROM delivery_events WHERE customer_id = ?",
				Long.class, customer))
			.isZero();
		JsonNode found = api.get("/v1/orders?customerId=" + customer, support).json().get("items");
		assertThat(found).hasSize(1);
		assertThat(found.get(0).get("orderId").stringValue()).isEqualTo(order);
		assertThat(found.get(0).get("customerId").stringValue()).isEqualTo(this.customers.pseudonym(customer));
		// the live view is the hot state's: the customer's id, which its token matches
		await().until(() -> api.get("/v1/orders/" + order + "/tracking", owner).status() == 200);

		String erasure = api.post("/v1/privacy/erasures", support, "{\"customerId\":\"" + customer + "\"}")
			.json()
			.get("id")
			.stringValue();
		await().until(() -> api.get("/v1/privacy/erasures/" + erasure, support)
			.json()
			.get("state")
			.stringValue()
			.equals("DONE"));
		assertThat(api.get("/v1/orders?customerId=" + customer, support).json().get("items")).isEmpty();
		assertThat(api.get("/v1/orders/" + order + "/history", owner).status()).isEqualTo(404);
	}

}
