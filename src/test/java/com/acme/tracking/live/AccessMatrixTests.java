package com.acme.tracking.live;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.acme.tracking.Api;
import com.acme.tracking.Api.Response;
import com.acme.tracking.BadTokens;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.local.DevKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9, R12: every endpoint and every subscription, asked by someone who may not see
 * the order (a stranger customer, another partner, a caller without a role, the owner for
 * courier data, a share link for another order) answers exactly as for an order that does
 * not exist — same status, same body once the id is blanked out — and bad tokens
 * (expired, unsigned, another key, issuer or audience) get the same 401 everywhere. The
 * endpoint list is checked against the OpenAPI document, so a new endpoint cannot be left
 * out.
 */
@TrackingIntegrationTest
class AccessMatrixTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	/** Every {@code /v1} path of the OpenAPI document and how this test calls it. */
	static final List<String> ENDPOINTS = List.of("GET /v1/orders/{order}/tracking", "GET /v1/orders/{order}/location",
			"GET /v1/orders/{order}/history", "GET /v1/orders/{order}/events", "POST /v1/orders/{order}/share-links",
			"GET /v1/couriers/{courier}/location", "GET /v1/couriers/{courier}/positions",
			"GET /v1/orders?customerId={customer}", "GET /v1/orders?partnerId={partner}", "GET /v1/eta/accuracy",
			"GET /v1/partners/{partner}/webhooks", "POST /v1/partners/{partner}/webhooks",
			"GET /v1/partners/{partner}/webhooks/{webhook}", "PATCH /v1/partners/{partner}/webhooks/{webhook}",
			"DELETE /v1/partners/{partner}/webhooks/{webhook}",
			"POST /v1/partners/{partner}/webhooks/{webhook}/rotate-secret",
			"GET /v1/partners/{partner}/webhooks/{webhook}/deliveries",
			"POST /v1/partners/{partner}/webhooks/{webhook}/deliveries/{delivery}/replay",
			"POST /v1/partners/{partner}/webhooks/{webhook}/test", "POST /v1/privacy/erasures",
			"GET /v1/privacy/erasures/{erasure}", "GET /v1/audit?orderId={order}");

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	Api api;

	String orderId;

	String otherOrderId;

	String customerId;

	String partnerId;

	String courierId;

	/** Ids of things that exist, by placeholder, and ids nobody has ever used. */
	Map<String, String> existing;

	Map<String, String> missing;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.orderId = Api.id("order");
		this.otherOrderId = Api.id("order");
		this.customerId = Api.id("customer");
		this.partnerId = Api.id("partner");
		this.courierId = Api.id("courier");
		Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
		for (String order : List.of(this.orderId, this.otherOrderId)) {
			this.api.created(order, this.customerId, this.partnerId, DESTINATION, t0);
			this.api.event(order, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(1), this.courierId);
			this.api.event(order, DeliveryEventType.PICKED_UP, t0.plusSeconds(2), this.courierId);
		}
		this.api.position(this.courierId, DESTINATION.getLat() - 0.01, DESTINATION.getLon(), Instant.now(), 5f);
		String owner = this.api.token(this.customerId, "customer");
		// visible to its owner live and in the warehouse before strangers are asked
		await().until(() -> this.api.get("/v1/orders/" + this.orderId + "/location", owner).status() == 200
				&& this.api.get("/v1/orders/" + this.orderId + "/history", owner).json().path("timeline").size() == 3);
		// the partner's webhook and a delivery of it (a ping to nowhere that answers)
		String partner = this.api.token(Api.id("partner-user"), "partner", this.partnerId);
		String webhookId = this.api
			.post("/v1/partners/" + this.partnerId + "/webhooks", partner, "{\"url\":\"https://93.184.215.14/h\"}")
			.json()
			.get("id")
			.stringValue();
		String deliveryId = this.api
			.post("/v1/partners/" + this.partnerId + "/webhooks/" + webhookId + "/test", partner, "")
			.json()
			.get("deliveryId")
			.stringValue();
		// an erasure (of a customer of no order here), for its page
		String erasureId = this.api
			.post("/v1/privacy/erasures", this.api.token(Api.id("agent"), "support"),
					"{\"customerId\":\"" + Api.id("customer") + "\"}")
			.json()
			.get("id")
			.stringValue();
		this.existing = Map.of("{order}", this.orderId, "{courier}", this.courierId, "{customer}", this.customerId,
				"{partner}", this.partnerId, "{webhook}", webhookId, "{delivery}", deliveryId, "{erasure}", erasureId);
		this.missing = Map.of("{order}", Api.id("order"), "{courier}", Api.id("courier"), "{customer}",
				Api.id("customer"), "{partner}", Api.id("partner"), "{webhook}", java.util.UUID.randomUUID().toString(),
				"{delivery}", java.util.UUID.randomUUID().toString(), "{erasure}",
				java.util.UUID.randomUUID().toString());
	}

	@Test
	void theListCoversEveryEndpointOfTheApiDocument() {
		Set<String> documented = new TreeSet<>();
		this.api.get("/v3/api-docs", null).json().get("paths").propertyNames().forEach(documented::add);
		Set<String> tested = new TreeSet<>(List.of("/v1/track/{token}"));
		for (String endpoint : ENDPOINTS) {
			tested.add(endpoint.split(" ")[1].replaceAll("\\?.*", "")
				.replace("{order}", "{orderId}")
				.replace("{courier}", "{courierId}")
				.replace("{partner}", "{partnerId}")
				.replace("{webhook}", "{webhookId}")
				.replace("{delivery}", "{deliveryId}")
				.replace("{erasure}", "{erasureId}"));
		}
		// /v1/track/{token} is reached with a share link only: forged links are in
		// OrderTrackingTests; links for another order are the subscription case below
		assertThat(tested).isEqualTo(documented);
	}

	@Test
	void everyEndpointAnswersThoseWhoMayNotSeeTheOrderAsIfItDidNotExist() {
		Map<String, String> callers = new LinkedHashMap<>();
		callers.put("stranger customer", this.api.token(Api.id("customer"), "customer"));
		callers.put("another partner", this.api.token(Api.id("partner"), "partner", Api.id("partner")));
		callers.put("no role", DevKeys.token(Api.id("someone"), List.of(), null, Duration.ofHours(1)));
		callers.put("unknown role", DevKeys.token(Api.id("someone"), List.of("courier"), null, Duration.ofHours(1)));
		for (Map.Entry<String, String> caller : callers.entrySet()) {
			for (String endpoint : ENDPOINTS) {
				compare(caller.getKey(), caller.getValue(), endpoint);
			}
		}
		// a customer and a partner may see their order, never the courier's own data
		for (String viewer : List.of("customer", "partner")) {
			String token = viewer.equals("customer") ? this.api.token(this.customerId, "customer")
					: this.api.token(Api.id("partner-user"), "partner", this.partnerId);
			for (String endpoint : ENDPOINTS) {
				if (endpoint.contains("{courier}")) {
					compare("the order's " + viewer, token, endpoint);
				}
			}
		}
	}

	@Test
	void badTokensGetTheSame401OnEveryEndpoint() {
		Map<String, String> tokens = new LinkedHashMap<>(BadTokens.forCustomer(this.customerId));
		tokens.put("a share link used as a bearer token", this.api
			.post("/v1/orders/" + this.orderId + "/share-links", this.api.token(this.customerId, "customer"), "")
			.json()
			.get("token")
			.stringValue());
		Set<String> problems = new TreeSet<>();
		for (Map.Entry<String, String> token : tokens.entrySet()) {
			for (String endpoint : ENDPOINTS) {
				compare(token.getKey(), token.getValue(), endpoint);
				Response refused = call(endpoint, this.existing, token.getValue());
				assertThat(refused.status()).as(token.getKey() + " on " + endpoint).isEqualTo(401);
				problems
					.add(refused.json().get("title").stringValue() + ": " + refused.json().get("detail").stringValue());
			}
		}
		// one answer for every way a token can be wrong: nothing to learn from it
		assertThat(problems).containsExactly("Unauthorized: A valid bearer token is required");
	}

	@Test
	void everySubscriptionIsRefusedAsIfTheOrderDidNotExist() throws Exception {
		String shareLinkForTheOtherOrder = this.api
			.post("/v1/orders/" + this.otherOrderId + "/share-links", this.api.token(this.customerId, "customer"), "")
			.json()
			.get("token")
			.stringValue();
		Map<String, String> callers = new LinkedHashMap<>();
		callers.put("stranger customer", this.api.token(Api.id("customer"), "customer"));
		callers.put("another partner", this.api.token(Api.id("partner"), "partner", Api.id("partner")));
		callers.put("no role", DevKeys.token(Api.id("someone"), List.of(), null, Duration.ofHours(1)));
		callers.put("a share link for another order", shareLinkForTheOtherOrder);
		callers.put("the order's customer (courier topic)", this.api.token(this.customerId, "customer"));
		for (Map.Entry<String, String> caller : callers.entrySet()) {
			for (String topic : List.of("/topic/orders.{order}", "/topic/couriers.{courier}")) {
				if (caller.getKey().startsWith("the order's") && topic.contains("{order}")) {
					continue;
				}
				String refused = refusal(caller.getValue(), fill(topic, this.existing));
				String unknown = refusal(caller.getValue(), fill(topic, this.missing));
				assertThat(blank(refused, this.existing)).as(caller.getKey() + " on " + topic)
					.isEqualTo(blank(unknown, this.missing));
			}
		}
	}

	/**
	 * Whether an order exists must not show in how long a refusal takes: the medians of
	 * interleaved refusals for an existing and a missing order differ by less than the
	 * spread of either (or half a millisecond, whichever is larger).
	 */
	@Test
	void refusalsTakeAsLongWhetherOrNotTheOrderExists() {
		// strangers take turns so that the per-client rate limit is not what is measured
		List<String> strangers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			strangers.add(this.api.token(Api.id("customer"), "customer"));
		}
		for (String endpoint : List.of("GET /v1/orders/{order}/tracking", "GET /v1/orders/{order}/history")) {
			List<Long> present = new ArrayList<>();
			List<Long> absent = new ArrayList<>();
			for (int i = 0; i < 450; i++) {
				for (Map<String, String> ids : List.of(this.existing, this.missing)) {
					long start = System.nanoTime();
					assertThat(call(endpoint, ids, strangers.get(i % strangers.size())).status()).isEqualTo(404);
					if (i >= 50) {
						((ids == this.existing) ? present : absent).add(System.nanoTime() - start);
					}
				}
			}
			long[] p = quartiles(present);
			long[] a = quartiles(absent);
			long allowed = Math.max(500_000, Math.max(p[2] - p[0], a[2] - a[0]));
			System.out.printf("R12 timing %s: existing p25/p50/p75 %.3f/%.3f/%.3f ms, missing %.3f/%.3f/%.3f ms%n",
					endpoint, p[0] / 1e6, p[1] / 1e6, p[2] / 1e6, a[0] / 1e6, a[1] / 1e6, a[2] / 1e6);
			assertThat(Math.abs(p[1] - a[1])).as(endpoint).isLessThan(allowed);
		}
	}

	/**
	 * Asks for existing and missing things alike: both must be answered alike, with a
	 * problem (404, or 401 for a bad token) or, for a search, an empty page.
	 */
	private void compare(String caller, String token, String endpoint) {
		Response refused = call(endpoint, this.existing, token);
		Response unknown = call(endpoint, this.missing, token);
		String what = caller + " on " + endpoint;
		assertThat(refused.status()).as(what).isEqualTo(unknown.status());
		assertThat(blank(refused.body(), this.existing)).as(what).isEqualTo(blank(unknown.body(), this.missing));
		assertThat(refused.headers("ETag")).as(what).isEmpty();
		if (refused.status() == 200) {
			assertThat(endpoint).as(what).startsWith("GET /v1/orders?");
			assertThat(refused.json().get("items").isEmpty()).as(what).isTrue();
		}
		else {
			assertThat(refused.status()).as(what).isIn(401, 404);
			assertThat(refused.contentType()).as(what).startsWith("application/problem+json");
		}
	}

	private Response call(String endpoint, Map<String, String> ids, String token) {
		String[] parts = endpoint.split(" ");
		String path = fill(parts[1], ids);
		java.util.function.Supplier<Response> send = () -> switch (parts[0]) {
			case "POST" -> this.api.post(path, token, "{}");
			case "PATCH" -> this.api.patch(path, token, "{}");
			case "DELETE" -> this.api.delete(path, token);
			default -> this.api.get(path, token, "Accept",
					path.endsWith("/events") ? "text/event-stream" : "application/json");
		};
		Response[] answer = { send.get() };
		if (answer[0].status() == 429) {
			// bad tokens are not a caller: their requests count against this client's
			// address (issue 14), and ~190 of them in a second exceed its limit; a client
			// that waits when told to (429) then gets the answer
			await().pollInterval(Duration.ofMillis(100)).until(() -> (answer[0] = send.get()).status() != 429);
		}
		return answer[0];
	}

	private String refusal(String token, String destination) throws Exception {
		try (StompTestClient client = new StompTestClient().connect(this.port, token)) {
			client.subscribe(destination);
			await().atMost(StompTestClient.timeout()).until(() -> !client.errors.isEmpty());
			assertThat(client.messages).as(destination).isEmpty();
			return client.errors.get(0);
		}
	}

	private static String fill(String template, Map<String, String> ids) {
		String filled = template;
		for (Map.Entry<String, String> id : ids.entrySet()) {
			filled = filled.replace(id.getKey(), id.getValue());
		}
		return filled;
	}

	private static String blank(String text, Map<String, String> ids) {
		String result = text;
		for (Map.Entry<String, String> id : ids.entrySet()) {
			result = result.replace(id.getValue(), id.getKey());
		}
		return result;
	}

	private static long[] quartiles(List<Long> samples) {
		long[] sorted = samples.stream().mapToLong(Long::longValue).toArray();
		Arrays.sort(sorted);
		return new long[] { sorted[sorted.length / 4], sorted[sorted.length / 2], sorted[sorted.length * 3 / 4] };
	}

}
