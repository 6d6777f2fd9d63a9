package com.acme.tracking;

import java.io.IOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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

	/**
	 * Times outside what the service holds (DESIGN.md, Inputs: 2000-01-01 to now plus the
	 * clock skew) are bad parameters: before, a year of ±200,000 reached SQL and answered
	 * 500.
	 */
	@Test
	void timesOutsideTheServiceRangeAreNamedInA400() {
		String courier = "/v1/couriers/" + Api.id("courier") + "/positions";
		String future = Instant.now().plus(Duration.ofDays(2)).toString();
		String[][] cases = { { courier + "?from=%2B300000-01-01T00:00:00Z", "from" },
				{ courier + "?from=-200000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from" },
				{ courier + "?to=%2B300000-01-01T00:00:00Z", "to" },
				{ courier + "?from=1999-12-31T23:59:59Z&to=2000-01-02T00:00:00Z", "from" },
				{ courier + "?to=" + future, "to" }, { "/v1/orders?from=%2B300000-01-01T00:00:00Z", "from" },
				{ "/v1/orders?to=-200000-01-01T00:00:00Z", "to" }, { "/v1/orders?to=" + future, "to" } };
		for (String[] c : cases) {
			Api.Response response = this.api.get(c[0], this.support);
			assertThat(response.status()).as(c[0]).isEqualTo(400);
			assertThat(response.contentType()).as(c[0]).startsWith("application/problem+json");
			assertThat(response.json().path("parameter").asString("")).as(c[0]).isEqualTo(c[1]);
			assertNoLeak(c[0], response);
		}
	}

	/**
	 * A cursor the service did not issue is a 400 naming {@code cursor}: forged in the
	 * old unsigned format with every number at its maximum (it overflowed), random bytes,
	 * control and invalid bytes (answered Boot's error JSON), a well-formed one signed
	 * with another key.
	 */
	@Test
	void cursorsTheServiceDidNotIssueAreRefusedNamingCursor() {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String maxed = base64.encodeToString(
				("1:" + Long.MAX_VALUE + ":" + Long.MAX_VALUE + ":" + Integer.MAX_VALUE + ":" + Long.MAX_VALUE)
					.getBytes(StandardCharsets.UTF_8));
		String minned = base64
			.encodeToString(("1:" + Long.MIN_VALUE + ":-1:-1:" + Long.MIN_VALUE).getBytes(StandardCharsets.UTF_8));
		byte[] shaped = new byte[41];
		shaped[0] = 2;
		new Random(7).nextBytes(shaped);
		shaped[0] = 2;
		String[] cursors = { maxed, minned, base64.encodeToString(shaped), "%01%02%03%7F", "%FF%FE%C3%28", "%C0%80",
				"AAAA%00AAAA" };
		for (String path : List.of("/v1/couriers/" + Api.id("courier") + "/positions", "/v1/orders")) {
			for (String cursor : cursors) {
				String url = path + "?cursor=" + cursor;
				Api.Response response = this.api.get(url, this.support);
				assertThat(response.status()).as(url).isEqualTo(400);
				assertThat(response.contentType()).as(url).startsWith("application/problem+json");
				assertThat(response.json().path("parameter").asString("")).as(url).isEqualTo("cursor");
				assertNoLeak(url, response);
			}
		}
	}

	/** Every {@code /v1} endpoint names a query parameter it does not take. */
	@Test
	void unknownQueryParametersAreNamedInA400OnEveryEndpoint() {
		String order = Api.id("order");
		String courier = Api.id("courier");
		String[] paths = { "/v1/orders/" + order + "/tracking?limt=10", "/v1/orders/" + order + "/location?limt=10",
				"/v1/orders/" + order + "/history?limt=10", "/v1/couriers/" + courier + "/location?limt=10",
				"/v1/couriers/" + courier + "/positions?limit=10&limt=10",
				"/v1/orders?from=2026-11-25T12:00:00Z&limt=10", "/v1/orders/" + order + "/events?limt=10" };
		for (String path : paths) {
			Api.Response response = this.api.get(path, this.support);
			assertThat(response.status()).as(path).isEqualTo(400);
			assertThat(response.contentType()).as(path).startsWith("application/problem+json");
			assertThat(response.json().path("parameter").asString("")).as(path).isEqualTo("limt");
		}
		Api.Response two = this.api.get("/v1/couriers/" + courier + "/positions?form=x&limt=10", this.support);
		assertThat(two.status()).isEqualTo(400);
		assertThat(two.json().path("parameters")).extracting((name) -> name.asString(""))
			.containsExactly("form", "limt");
		Api.Response share = this.api.post("/v1/orders/" + order + "/share-links?limt=10", this.support, "");
		assertThat(share.status()).isEqualTo(400);
		assertThat(share.json().path("parameter").asString("")).isEqualTo("limt");
		Api.Response track = this.api.get("/v1/track/not-a-token?limt=10", null);
		assertThat(track.status()).isIn(400, 404);
		assertThat(track.contentType()).startsWith("application/problem+json");
	}

	/**
	 * What Tomcat refuses before Spring MVC (a header or a request line over its limits,
	 * a malformed request line, an invalid %-encoding) gets a problem body too, not
	 * Spring Boot's default error JSON nor Tomcat's page. Sent over a raw socket, as a
	 * client may send anything.
	 */
	@Test
	void requestsTomcatRefusesGetAProblemBody() throws IOException {
		String order = "/v1/orders/" + Api.id("order") + "/tracking";
		String auth = "Authorization: Bearer " + this.support + "\r\n";
		String[] requests = {
				"GET " + order + " HTTP/1.1\r\nHost: x\r\n" + auth + "X-Big: " + "x".repeat(20_000) + "\r\n\r\n",
				"GET /v1/orders/" + "x".repeat(20_000) + "/tracking HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
				"GET " + order + "?q=%ZZ HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n",
				"GET /v1/couriers/c/positions?cursor=%FF%FE HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n" };
		for (String request : requests) {
			RawResponse response = raw(request);
			String what = request.substring(0, Math.min(80, request.length()));
			assertThat(response.status()).as(what).isBetween(400, 499);
			assertThat(response.header("content-type")).as(what).startsWith("application/problem+json");
			assertThat(response.body()).as(what)
				.contains("\"status\":" + response.status())
				.doesNotContain("Apache Tomcat")
				.doesNotContain("\"error\":")
				.doesNotContain("Exception");
		}
	}

	private RawResponse raw(String request) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			return RawResponse.parse(text);
		}
	}

	record RawResponse(int status, java.util.Map<String, String> headers, String body) {

		static RawResponse parse(String text) {
			int end = text.indexOf("\r\n\r\n");
			assertThat(end).as("an HTTP response: " + text).isPositive();
			String[] lines = text.substring(0, end).split("\r\n");
			java.util.Map<String, String> headers = new java.util.HashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			String body = text.substring(end + 4);
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				StringBuilder joined = new StringBuilder();
				int at = 0;
				while (true) {
					int line = body.indexOf("\r\n", at);
					int size = Integer.parseInt(body.substring(at, line).trim(), 16);
					if (size == 0) {
						break;
					}
					joined.append(body, line + 2, line + 2 + size);
					at = line + 2 + size + 2;
				}
				body = joined.toString();
			}
			return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
		}

		String header(String name) {
			return this.headers.getOrDefault(name, "");
		}

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
