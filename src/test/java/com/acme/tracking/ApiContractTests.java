package com.acme.tracking;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ApiContract} refuses what {@code api/openapi.yaml} does not declare (no server:
 * made-up answers).
 */
class ApiContractTests {

	private static final URI TRACKING = URI.create("http://localhost/v1/orders/o-1/tracking");

	private static final String TRACKING_BODY = "{\"orderId\":\"o-1\",\"status\":\"CREATED\","
			+ "\"statusAt\":\"2026-11-25T12:00:00Z\",\"courier\":null,\"destination\":{\"lat\":1.5,\"lon\":2.5},"
			+ "\"etaSeconds\":null,\"estimatedArrivalAt\":null,\"estimatedArrivalRange\":null,\"arriving\":false,"
			+ "\"arrived\":false,\"updatedAt\":\"2026-11-25T12:00:00Z\"}";

	private final ApiContract contract = ApiContract.published();

	@Test
	void trackingBodyWithNullsIsDeclared() {
		assertThat(this.contract.problems("GET", TRACKING, 200,
				json("ETag", "W/\"1\"", "Cache-Control", "no-cache, private"), TRACKING_BODY))
			.isEmpty();
	}

	@Test
	void missingRequiredFieldIsRefused() {
		String body = TRACKING_BODY.replace("\"statusAt\":\"2026-11-25T12:00:00Z\",", "");
		assertThat(this.contract.problems("GET", TRACKING, 200,
				json("ETag", "W/\"1\"", "Cache-Control", "no-cache, private"), body))
			.anySatisfy((problem) -> assertThat(problem).contains("statusAt"));
	}

	@Test
	void statusNotDeclaredIsRefused() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.contract.check("GET", TRACKING, 418, json(), "{}"))
			.withMessageContaining("status 418 is not declared");
	}

	@Test
	void missingDeclaredHeaderIsRefused() {
		String problem = "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
				+ "\"detail\":\"Rate limit exceeded\",\"instance\":\"/v1/orders/o-1/tracking\"}";
		assertThat(this.contract.problems("GET", TRACKING, 429, problemJson(), problem))
			.containsExactly("required header Retry-After is missing");
		assertThat(this.contract.problems("GET", TRACKING, 429, problemJson("Retry-After", "1"), problem)).isEmpty();
	}

	@Test
	void wrongTypeIsRefused() {
		String body = TRACKING_BODY.replace("\"etaSeconds\":null", "\"etaSeconds\":\"soon\"");
		assertThat(this.contract.problems("GET", TRACKING, 200,
				json("ETag", "W/\"1\"", "Cache-Control", "no-cache, private"), body))
			.anySatisfy((problem) -> assertThat(problem).contains("etaSeconds"));
	}

	@Test
	void unknownOperationIsRefusedUnlessNothingIsThere() {
		URI unknown = URI.create("http://localhost/v1/nothing-here");
		assertThat(this.contract.problems("GET", unknown, 404, problemJson(), "")).isEmpty();
		assertThat(this.contract.problems("GET", unknown, 200, json(), "{}")).isNotEmpty();
	}

	private static HttpHeaders json(String... headers) {
		return headers("application/json", headers);
	}

	private static HttpHeaders problemJson(String... headers) {
		return headers("application/problem+json", headers);
	}

	private static HttpHeaders headers(String contentType, String... headers) {
		Map<String, List<String>> map = new java.util.HashMap<>();
		map.put("Content-Type", List.of(contentType));
		for (int i = 0; i < headers.length; i += 2) {
			map.put(headers[i], List.of(headers[i + 1]));
		}
		return HttpHeaders.of(map, (name, value) -> true);
	}

}
