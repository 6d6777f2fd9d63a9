package com.acme.tracking;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed requests and fuzzed parameters (issue 9, R16): never a 500, never a stack
 * trace; a bad parameter gets a 400 problem naming it; an id that names nothing gets the
 * same 404 as an order one may not see.
 */
@TrackingIntegrationTest
class MalformedRequestsTests {

	private static final String[] ID_PATHS = { "/v1/orders/%s/tracking", "/v1/orders/%s/location",
			"/v1/orders/%s/history", "/v1/couriers/%s/positions", "/v1/couriers/%s/location", "/v1/track/%s" };

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	Api api;

	String support;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.support = this.api.token(Api.id("agent"), "support");
	}

	@Test
	void badParametersAreNamedInA400() {
		String courier = "/v1/couriers/" + Api.id("courier") + "/positions";
		String[][] cases = { { courier + "?limit=0", "limit" }, { courier + "?limit=-1", "limit" },
				{ courier + "?limit=1000000000", "limit" }, { courier + "?limit=ten", "limit" },
				{ courier + "?cursor=%2E%2E%2F%2E%2E", "cursor" },
				{ courier + "?cursor=" + "A".repeat(2000), "cursor" },
				{ courier + "?from=2026-11-25T12:00:00Z&to=2026-11-25T11:00:00Z", "from" },
				{ courier + "?from=yesterday", "from" }, { "/v1/orders?limit=0", "limit" },
				{ "/v1/orders?status=%C3%A9", "status" },
				{ "/v1/orders?from=2026-11-25T12:00:00Z&to=2020-01-01T00:00:00Z", "from" },
				{ "/v1/orders/" + Api.id("order") + "/history?maxPoints=1", "maxPoints" } };
		for (String[] c : cases) {
			Api.Response response = this.api.get(c[0], this.support);
			assertThat(response.status()).as(c[0]).isEqualTo(400);
			assertThat(response.contentType()).as(c[0]).startsWith("application/problem+json");
			assertThat(response.json().path("parameter").asString("")).as(c[0]).isEqualTo(c[1]);
			assertNoLeak(c[0], response);
		}
	}

	@Test
	void idsThatNameNothingGetTheUsual404() {
		List<String> ids = List.of("..%2F..%2Fetc%2Fpasswd", "%2E%2E", "x".repeat(4000), "%F0%9F%9A%9A-%C3%A9", "%00",
				"a%20b", "'%20OR%201=1--", "%3Cscript%3E");
		for (String id : ids) {
			for (String path : ID_PATHS) {
				String url = String.format(path, id);
				Api.Response response = this.api.get(url, this.support);
				if (path.endsWith("/positions") && response.status() == 200) {
					// support may list any courier id's positions: none
					assertThat(response.json().get("items").isEmpty()).as(url).isTrue();
					continue;
				}
				assertThat(response.status()).as(url).isIn(400, 404);
				if (response.status() == 404 || !(id.contains("%2F") || id.contains("%00"))) {
					assertThat(response.contentType()).as(url).startsWith("application/problem+json");
				}
				// else Tomcat's connector refuses an encoded slash or NUL before any
				// application
				// code: its own short 400 page
				assertNoLeak(url, response);
				assertThat(response.body()).as(url).doesNotContain("Apache Tomcat/");
			}
		}
	}

	@Test
	void fuzzedParametersNeverBreakTheService() {
		Random random = new Random(9);
		String[] parameters = { "limit", "cursor", "from", "to", "status", "customerId", "partnerId", "maxPoints" };
		String[] paths = { "/v1/orders", "/v1/couriers/" + Api.id("courier") + "/positions",
				"/v1/orders/" + Api.id("order") + "/history", "/v1/orders/" + Api.id("order") + "/tracking" };
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			StringBuilder url = new StringBuilder(paths[random.nextInt(paths.length)]).append('?');
			for (int p = 0; p < 1 + random.nextInt(3); p++) {
				url.append(parameters[random.nextInt(parameters.length)])
					.append('=')
					.append(URLEncoder.encode(randomValue(random), StandardCharsets.UTF_8))
					.append('&');
			}
			Api.Response response = this.api.get(url.toString(), this.support);
			if (response.status() >= 500 || response.body().contains("Exception")
					|| response.body().contains("at com.")) {
				failures.add(url + " -> " + response.status() + " " + response.body());
			}
		}
		assertThat(failures).isEmpty();
	}

	private static String randomValue(Random random) {
		String[] values = { "", "-1", "0", "1", "999999999999999999999", "NaN", "2026-11-25T12:00:00Z",
				"2026-02-30T25:61:00Z", "-999999999-01-01T00:00:00Z", "DELIVERED", "delivered", "null", "../..", "%",
				"\u0000", "\uD83D\uDE9A", "x".repeat(3000), "1e9", "0x10" };
		if (random.nextInt(4) > 0) {
			return values[random.nextInt(values.length)];
		}
		char[] chars = new char[random.nextInt(40)];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = (char) (32 + random.nextInt(95));
		}
		return new String(chars);
	}

	private static void assertNoLeak(String what, Api.Response response) {
		assertThat(response.body()).as(what)
			.doesNotContain("Exception")
			.doesNotContain("at com.")
			.doesNotContain("at org.");
	}

}
