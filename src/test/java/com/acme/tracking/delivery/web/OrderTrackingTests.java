package com.acme.tracking.delivery.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.acme.tracking.Api;
import com.acme.tracking.Api.Response;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An order's whole life produced to the real broker and read back over HTTP by each kind
 * of caller: who sees the order, who sees the courier when, late and duplicate records.
 */
@TrackingIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class OrderTrackingTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	Api api;

	String orderId = Api.id("order");

	String customerId = Api.id("customer");

	String partnerId = Api.id("partner");

	String courierId = Api.id("courier");

	String owner;

	String partner;

	String support;

	Instant t0 = Instant.now().minusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.owner = this.api.token(this.customerId, "customer");
		this.partner = this.api.token(Api.id("merchant"), "partner", this.partnerId);
		this.support = this.api.token(Api.id("agent"), "support");
	}

	@Test
	void anOrdersLifeAsEachCallerSeesIt(CapturedOutput output) {
		this.api.created(this.orderId, this.customerId, this.partnerId, DESTINATION, this.t0);
		JsonNode created = awaitTracking(this.owner, (t) -> t.get("status").stringValue().equals("CREATED"));
		assertThat(created.get("orderId").stringValue()).isEqualTo(this.orderId);
		assertThat(created.get("destination").get("lat").doubleValue()).isEqualTo(DESTINATION.getLat());
		assertThat(created.get("courier").isNull()).isTrue();
		assertThat(created.get("etaSeconds").isNull()).isTrue();
		assertThat(created.get("statusAt").stringValue()).isEqualTo(this.t0.toString());

		this.api.event(this.orderId, DeliveryEventType.COURIER_ASSIGNED, this.t0.plusSeconds(10), this.courierId);
		this.api.position(this.courierId, DESTINATION.getLat() - 0.02, DESTINATION.getLon(), Instant.now(), 5f);
		JsonNode partnerView = awaitTracking(this.partner, (t) -> !t.get("courier").isNull());
		assertThat(partnerView.get("courier").get("courierId").stringValue()).isEqualTo(this.courierId);
		assertThat(partnerView.get("etaSeconds").isNull()).isTrue();
		JsonNode beforePickup = tracking(this.owner);
		assertThat(beforePickup.get("status").stringValue()).isEqualTo("COURIER_ASSIGNED");
		assertThat(beforePickup.get("courier").isNull()).as("a customer never sees the courier before pickup").isTrue();

		this.api.event(this.orderId, DeliveryEventType.PICKED_UP, this.t0.plusSeconds(20), this.courierId);
		this.api.position(this.courierId, DESTINATION.getLat() - 0.01, DESTINATION.getLon(), Instant.now(), 5f);
		JsonNode inTransit = awaitTracking(this.owner, (t) -> !t.get("courier").isNull());
		JsonNode position = inTransit.get("courier").get("position");
		assertThat(position.get("lat").doubleValue()).isEqualTo(DESTINATION.getLat() - 0.01);
		assertThat(position.get("stale").booleanValue()).isFalse();
		assertThat(position.get("ageSeconds").longValue()).isBetween(0L, 5L);
		assertThat(position.has("recordedAt")).isTrue();
		assertThat(inTransit.get("courier").has("courierId")).as("a customer never sees the courier's id").isFalse();
		assertThat(inTransit.get("etaSeconds").longValue()).isPositive();
		assertThat(inTransit.get("arriving").booleanValue()).isFalse();

		// Late and duplicate records never move the state back.
		this.api.created(this.orderId, this.customerId, this.partnerId, DESTINATION, this.t0);
		this.api.event(this.orderId, DeliveryEventType.COURIER_ASSIGNED, this.t0.plusSeconds(5), Api.id("other"));
		this.api.position(this.courierId, DESTINATION.getLat() - 0.05, DESTINATION.getLon(),
				Instant.now().minusSeconds(30), 5f);
		String marker = Api.id("courier");
		this.api.position(marker, 0, 0, Instant.now(), null);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.api.get("/v1/couriers/" + marker + "/location", this.support).status() == 200);
		JsonNode afterLate = tracking(this.owner);
		assertThat(afterLate.get("status").stringValue()).isEqualTo("PICKED_UP");
		assertThat(afterLate.get("courier").get("position").get("lat").doubleValue())
			.isEqualTo(DESTINATION.getLat() - 0.01);
		assertThat(tracking(this.support).get("courier").get("courierId").stringValue()).isEqualTo(this.courierId);

		// Arriving within 500 m, jitter back out does not undo it, arrived within 50 m.
		this.api.event(this.orderId, DeliveryEventType.OUT_FOR_DELIVERY, this.t0.plusSeconds(30), this.courierId);
		this.api.position(this.courierId, DESTINATION.getLat() - 0.003, DESTINATION.getLon(), Instant.now(), 5f);
		awaitTracking(this.owner, (t) -> t.get("arriving").booleanValue());
		this.api.position(this.courierId, DESTINATION.getLat() - 0.006, DESTINATION.getLon(),
				Instant.now().plusMillis(1), 5f);
		awaitTracking(this.owner,
				(t) -> t.get("courier").get("position").get("lat").doubleValue() == DESTINATION.getLat() - 0.006);
		assertThat(tracking(this.owner).get("arriving").booleanValue()).isTrue();
		this.api.position(this.courierId, DESTINATION.getLat() - 0.0002, DESTINATION.getLon(),
				Instant.now().plusMillis(2), 80f);
		awaitTracking(this.owner, (t) -> t.get("courier").get("position").get("accuracyMeters").doubleValue() == 80);
		assertThat(tracking(this.owner).get("arrived").booleanValue()).as("too inaccurate a fix proves nothing")
			.isFalse();
		this.api.position(this.courierId, DESTINATION.getLat() - 0.0002, DESTINATION.getLon(),
				Instant.now().plusMillis(3), 5f);
		JsonNode arrived = awaitTracking(this.owner, (t) -> t.get("arrived").booleanValue());
		assertThat(arrived.get("etaSeconds").longValue()).isZero();

		// The ETag names the state: unchanged state answers 304.
		Response first = this.api.get(trackingPath(), this.owner);
		assertThat(first.header("ETag")).startsWith("W/\"");
		Response again = this.api.get(trackingPath(), this.owner, "If-None-Match", first.header("ETag"));
		assertThat(again.status()).isEqualTo(304);
		assertThat(again.body()).isEmpty();

		this.api.event(this.orderId, DeliveryEventType.DELIVERED, this.t0.plusSeconds(60), this.courierId);
		JsonNode delivered = awaitTracking(this.owner, (t) -> t.get("status").stringValue().equals("DELIVERED"));
		assertThat(delivered.get("courier").isNull()).as("nobody sees the courier after the end").isTrue();
		assertThat(delivered.get("etaSeconds").isNull()).isTrue();
		assertThat(tracking(this.partner).get("courier").isNull()).isTrue();
		this.api.event(this.orderId, DeliveryEventType.CANCELLED, this.t0.plusSeconds(70), null);
		this.api.position(marker, 0, 0, Instant.now(), null);
		assertThat(tracking(this.owner).get("status").stringValue()).isEqualTo("DELIVERED");
		assertThat(this.api
			.get("/v1/orders/" + this.orderId + "/tracking", this.owner, "If-None-Match", first.header("ETag"))
			.status()).isEqualTo(200);

		// support's read is audited (AuditInterceptor), with the order it concerns
		assertThat(output.getAll()).contains("audit actor=")
			.contains("action=GET /v1/orders/{orderId}/tracking resource=/v1/orders/" + this.orderId + "/tracking");
	}

	@Test
	void strangersAndOtherPartnersAreToldTheOrderDoesNotExist() {
		this.api.created(this.orderId, this.customerId, this.partnerId, DESTINATION, this.t0);
		awaitTracking(this.owner, (t) -> true);
		String stranger = this.api.token(Api.id("customer"), "customer");
		String otherPartner = this.api.token(Api.id("merchant"), "partner", Api.id("partner"));
		String missing = Api.id("order");

		Response strangers = this.api.get(trackingPath(), stranger);
		Response others = this.api.get(trackingPath(), otherPartner);
		Response none = this.api.get("/v1/orders/" + missing + "/tracking", this.owner);

		for (Response response : new Response[] { strangers, others, none }) {
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.contentType()).startsWith("application/problem+json");
		}
		assertThat(strangers.json().get("detail").stringValue()).isEqualTo("No order " + this.orderId);
		assertThat(strangers.body().replace(this.orderId, "X")).isEqualTo(none.body().replace(missing, "X"));
		assertThat(this.api.get("/v1/orders/" + this.orderId + "/location", stranger).status()).isEqualTo(404);
		assertThat(this.api.post("/v1/orders/" + this.orderId + "/share-links", stranger, "").status()).isEqualTo(404);
		assertThat(this.api.post("/v1/orders/" + this.orderId + "/share-links", this.partner, "").status())
			.as("partners do not share")
			.isEqualTo(404);
	}

	@Test
	void requestsWithoutAValidTokenAre401() {
		Response none = this.api.get(trackingPath(), null);
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(none.contentType()).startsWith("application/problem+json");
		assertThat(this.api.get(trackingPath(), this.owner + "x").status()).isEqualTo(401);
		assertThat(this.api.get(trackingPath(), "not-a-jwt").status()).isEqualTo(401);
		// forged or unusable tokens for the order's own customer (issue 9, R12)
		for (Map.Entry<String, String> bad : com.acme.tracking.BadTokens.forCustomer(this.customerId).entrySet()) {
			Response refused = this.api.get(trackingPath(), bad.getValue());
			assertThat(refused.status()).as(bad.getKey()).isEqualTo(401);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("detail").stringValue()).isEqualTo("A valid bearer token is required");
		}
	}

	@Test
	void aShareLinkShowsThatOneOrderAsItsCustomerSeesIt() {
		this.api.created(this.orderId, this.customerId, this.partnerId, DESTINATION, this.t0);
		this.api.event(this.orderId, DeliveryEventType.COURIER_ASSIGNED, this.t0.plusSeconds(1), this.courierId);
		this.api.event(this.orderId, DeliveryEventType.PICKED_UP, this.t0.plusSeconds(2), this.courierId);
		this.api.position(this.courierId, DESTINATION.getLat() - 0.01, DESTINATION.getLon(), Instant.now(), 5f);
		awaitTracking(this.owner, (t) -> !t.get("courier").isNull());

		Response created = this.api.post("/v1/orders/" + this.orderId + "/share-links", this.owner, "");
		assertThat(created.status()).isEqualTo(201);
		String token = created.json().get("token").stringValue();
		assertThat(created.json().get("url").stringValue()).endsWith("/v1/track/" + token);
		assertThat(Instant.parse(created.json().get("expiresAt").stringValue())).isAfter(Instant.now());

		Response shared = this.api.get("/v1/track/" + token, null);
		assertThat(shared.status()).isEqualTo(200);
		assertThat(shared.json().get("orderId").stringValue()).isEqualTo(this.orderId);
		assertThat(shared.json().get("courier").has("courierId")).isFalse();
		String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
		assertThat(this.api.get("/v1/track/" + forged, null).status()).isEqualTo(404);
		assertThat(this.api.post("/v1/orders/" + this.orderId + "/share-links", this.support, "").status())
			.isEqualTo(201);
	}

	@Test
	void supportSeesWhereACourierIsAndNobodyElseDoes() {
		this.api.position(this.courierId, 10, 20, Instant.now(), 3f);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.api.get("/v1/couriers/" + this.courierId + "/location", this.support).status() == 200);
		JsonNode location = this.api.get("/v1/couriers/" + this.courierId + "/location", this.support).json();
		assertThat(location.get("lat").doubleValue()).isEqualTo(10);
		assertThat(location.get("stale").booleanValue()).isFalse();
		assertThat(this.api.get("/v1/couriers/" + this.courierId + "/location", this.owner).status()).isEqualTo(404);
		assertThat(this.api.get("/v1/couriers/" + this.courierId + "/location", this.partner).status()).isEqualTo(404);
	}

	@Test
	void aClientPastTheRateLimitIsToldWhenToRetry() throws Exception {
		// 600 requests at once: more than the burst (100) plus what 50 a second refill in
		// the ten seconds even a loaded machine needs to answer them.
		this.api.created(this.orderId, this.customerId, this.partnerId, DESTINATION, this.t0);
		awaitTracking(this.owner, (t) -> t.get("status").stringValue().equals("CREATED"));
		String greedy = this.api.token(Api.id("greedy"), "customer");
		java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
		java.net.http.HttpRequest request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://localhost:" + this.port + trackingPath()))
			.header("Authorization", "Bearer " + greedy)
			.build();
		List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < 600; i++) {
			responses.add(http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofString()));
		}
		// meanwhile the order's owner polls ten times a second: never limited
		List<Integer> ownerStatuses = new ArrayList<>();
		List<Long> ownerMillis = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			long start = System.nanoTime();
			ownerStatuses.add(this.api.get(trackingPath(), this.owner).status());
			ownerMillis.add((System.nanoTime() - start) / 1_000_000);
			Thread.sleep(100);
		}
		System.out.println("R15: the owner's requests during the flood took " + ownerMillis + " ms");
		assertThat(ownerStatuses).as("other clients are unaffected").containsOnly(200);
		List<java.net.http.HttpResponse<String>> limited = new ArrayList<>();
		for (var response : responses) {
			java.net.http.HttpResponse<String> answer = response.get(30, java.util.concurrent.TimeUnit.SECONDS);
			if (answer.statusCode() == 429) {
				limited.add(answer);
			}
		}
		assertThat(limited).isNotEmpty();
		java.net.http.HttpResponse<String> first = limited.get(0);
		assertThat(Long.parseLong(first.headers().firstValue("Retry-After").orElseThrow())).isPositive();
		assertThat(first.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(this.api.get(trackingPath(), this.owner).status()).as("other clients are unaffected")
			.isNotEqualTo(429);
	}

	private String trackingPath() {
		return "/v1/orders/" + this.orderId + "/tracking";
	}

	private JsonNode tracking(String token) {
		Response response = this.api.get(trackingPath(), token);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private JsonNode awaitTracking(String token, Predicate<JsonNode> condition) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
			Response response = this.api.get(trackingPath(), token);
			if (response.status() != 200) {
				return false;
			}
			last[0] = response.json();
			return condition.test(last[0]);
		});
		return last[0];
	}

}
