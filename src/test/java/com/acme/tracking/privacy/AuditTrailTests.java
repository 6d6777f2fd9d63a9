package com.acme.tracking.privacy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.live.SseTestClient;
import com.acme.tracking.live.StompTestClient;
import com.acme.tracking.shared.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail: a support agent's reads through REST, the console, STOMP and SSE each
 * leave a record (who, what, when, from where, the result) that an auditor reads with
 * {@code GET /v1/audit}, page by page, and that {@code tracking.audit.v1} carries; a
 * customer's own reads leave none; no one else may read the trail, and no one can change
 * it.
 */
@TrackingIntegrationTest
class AuditTrailTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	@Autowired
	@Qualifier("operationalJdbc")
	NamedParameterJdbcTemplate operational;

	Api api;

	final String agent = Api.id("agent");

	final String orderId = Api.id("order");

	final String customer = Api.id("customer");

	final String lead = Api.id("lead");

	String support;

	String auditor;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.support = this.api.token(this.agent, "support");
		this.auditor = this.api.token(this.lead, "audit");
		this.api.created(this.orderId, this.customer, Api.id("partner"), DESTINATION,
				Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS));
		await().until(() -> this.api.get("/v1/orders/" + this.orderId + "/tracking", this.support).status() == 200);
	}

	@Test
	void everySupportReadOfEveryChannelIsRecordedForTheAuditor() throws Exception {
		String owner = this.api.token(this.customer, "customer");
		assertThat(this.api.get("/v1/orders/" + this.orderId + "/tracking", owner).status()).isEqualTo(200);
		int located = this.api.get("/v1/orders/" + this.orderId + "/location", this.support).status();
		this.api.get("/v1/orders?customerId=" + this.customer, this.support, "Tracking-Channel", "console");
		try (StompTestClient stomp = new StompTestClient().connect(this.port, this.support)) {
			stomp.subscribe("/topic/orders." + this.orderId);
			await().until(() -> !stomp.ofType("snapshot").isEmpty());
		}
		try (SseTestClient sse = SseTestClient.open(this.port, this.orderId, this.support)) {
			await().until(() -> !sse.named("snapshot").isEmpty());
		}

		List<JsonNode> records = await().until(() -> trail("actor=" + this.agent), (items) -> items.size() >= 5);
		assertThat(records).allSatisfy((record) -> {
			assertThat(record.get("actor").stringValue()).isEqualTo(this.agent);
			assertThat(record.get("role").stringValue()).isEqualTo("support");
			assertThat(Instant.parse(record.get("at").stringValue())).isBefore(Instant.now().plusSeconds(1));
		});
		// newest first: SSE, STOMP, the console's search, the location, the reads in
		// setUp
		assertThat(records.stream().map((r) -> r.get("channel").stringValue()).toList()).startsWith("sse", "stomp",
				"console", "rest");
		JsonNode search = records.get(2);
		assertThat(search.get("action").stringValue()).isEqualTo("GET /v1/orders");
		// the customer searched for appears by its pseudonym, never in clear
		assertThat(search.get("resource").stringValue()).startsWith("/v1/orders?customerId=~")
			.doesNotContain(this.customer);
		assertThat(search.get("result").stringValue()).isEqualTo("200");
		assertThat(search.get("clientAddress").stringValue()).isNotBlank();
		JsonNode missing = records.get(3);
		assertThat(missing.get("action").stringValue()).isEqualTo("GET /v1/orders/{orderId}/location");
		assertThat(missing.get("orderId").stringValue()).isEqualTo(this.orderId);
		assertThat(missing.get("result").stringValue()).isEqualTo(Integer.toString(located));
		assertThat(records.get(1).get("action").stringValue()).isEqualTo("subscribe");
		assertThat(records.get(1).get("orderId").stringValue()).isEqualTo(this.orderId);
		// the order's records: the customer's own read is not among them
		assertThat(trail("orderId=" + this.orderId)).extracting((r) -> r.get("actor").stringValue())
			.containsOnly(this.agent);
		// and the same records are on the topic, keyed by the actor
		List<String> published = published(this.agent, 5);
		assertThat(published).hasSizeGreaterThanOrEqualTo(5);
		assertThat(published).anyMatch((body) -> body.contains("\"channel\":\"stomp\""));
	}

	@Test
	void theTrailIsPagedFilteredByTimeAndReadableByAuditorsOnly() {
		for (int i = 0; i < 4; i++) {
			this.api.get("/v1/orders/" + this.orderId + "/tracking", this.support);
		}
		await().until(() -> trail("actor=" + this.agent), (items) -> items.size() >= 5);
		JsonNode first = this.api.get("/v1/audit?actor=" + this.agent + "&limit=2", this.auditor).json();
		assertThat(first.get("items")).hasSize(2);
		String cursor = first.get("nextCursor").stringValue();
		JsonNode second = this.api.get("/v1/audit?actor=" + this.agent + "&limit=2&cursor=" + cursor, this.auditor)
			.json();
		assertThat(second.get("items")).hasSize(2);
		assertThat(Instant.parse(second.get("items").get(0).get("at").stringValue()))
			.isBeforeOrEqualTo(Instant.parse(first.get("items").get(1).get("at").stringValue()));
		assertThat(trail("actor=" + this.agent + "&to=" + Instant.now().minus(Duration.ofDays(1)))).isEmpty();
		// support and customers are told there is nothing here; a bad cursor is named
		assertThat(this.api.get("/v1/audit", this.support).status()).isEqualTo(404);
		assertThat(this.api.get("/v1/audit", this.api.token(this.customer, "customer")).status()).isEqualTo(404);
		assertThat(this.api.get("/v1/audit?cursor=nope", this.auditor).body()).contains("cursor");
		// the auditor's own reads are on the trail too
		assertThat(trail("actor=" + this.lead)).isNotEmpty()
			.allSatisfy((r) -> assertThat(r.get("action").stringValue()).isEqualTo("GET /v1/audit"));
	}

	@Test
	void noOneCanChangeTheTrail() {
		this.api.get("/v1/orders/" + this.orderId + "/tracking", this.support);
		await().until(() -> trail("actor=" + this.agent), (items) -> !items.isEmpty());
		assertThat(this.api.delete("/v1/audit", this.auditor).status()).isEqualTo(405);
		assertThat(this.api.patch("/v1/audit", this.auditor, "{}").status()).isEqualTo(405);
		assertThatThrownBy(() -> this.operational.getJdbcTemplate()
			.update("UPDATE audit_records SET actor = 'someone-else' WHERE actor = ?", this.agent))
			.hasMessageContaining("audit records cannot be changed");
		assertThat(trail("actor=" + this.agent)).isNotEmpty();
	}

	@Test
	void aHostileRequestIsRecordedAsItCanBeAndHoldsNoOtherRecordBack() {
		this.api.get("/v1/orders?partnerId=p%00" + "y".repeat(600), this.support);
		this.api.get("/v1/orders/" + this.orderId + "/tracking", this.support);
		List<JsonNode> records = await().until(() -> trail("actor=" + this.agent), (items) -> items.stream()
			.anyMatch((r) -> r.get("resource").stringValue().contains("partnerId=p"))
				&& items.get(0).get("resource").stringValue().equals("/v1/orders/" + this.orderId + "/tracking"));
		JsonNode search = records.stream()
			.filter((r) -> r.get("resource").stringValue().contains("partnerId=p"))
			.findFirst()
			.orElseThrow();
		assertThat(search.get("resource").stringValue()).contains("\\u0000").hasSizeLessThanOrEqualTo(512);
	}

	private List<JsonNode> trail(String query) {
		Api.Response answer = this.api.get("/v1/audit?" + query, this.auditor);
		if (answer.status() != 200) {
			return List.of();
		}
		List<JsonNode> items = new ArrayList<>();
		answer.json().get("items").forEach(items::add);
		return items;
	}

	private List<String> published(String actor, int atLeast) {
		Map<String, Object> properties = Api.consumerProps(this.kafkaConnection, Api.id("audit-reader"));
		List<String> bodies = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(Topics.AUDIT));
			await().until(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (actor.equals(record.key())) {
						bodies.add(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8));
					}
				}
				return bodies.size() >= atLeast;
			});
		}
		return bodies;
	}

}
