package com.acme.tracking;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the service serves at {@code /v3/api-docs} is the one in
 * {@code api/openapi.yaml}. When an endpoint changes on purpose, regenerate the file with
 * {@code ./mvnw verify -Dtest=ApiDocumentTests -Dopenapi.update=true} and review the
 * diff.
 */
@TrackingIntegrationTest
class ApiDocumentTests {

	private static final Path FILE = Path.of("api/openapi.yaml");

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Test
	void servedDocumentIsThePublishedOne() throws Exception {
		Api.Response served = new Api(this.port, this.kafka).get("/v3/api-docs.yaml", null);
		assertThat(served.status()).isEqualTo(200);
		if (Boolean.getBoolean("openapi.update")) {
			Files.writeString(FILE, served.body(), StandardCharsets.UTF_8);
		}
		Object published = new Yaml().load(Files.readString(FILE));
		Object actual = new Yaml().load(served.body());
		assertThat(actual)
			.as("/v3/api-docs differs from api/openapi.yaml; if intended, regenerate it " + "(see ApiDocumentTests)")
			.isEqualTo(published);
	}

	@Test
	void everyBodyHasAnExampleValidAgainstItsSchema() {
		ApiContract contract = ApiContract.published();
		List<String> problems = new ArrayList<>();
		List<Map.Entry<String, JsonNode>> answers = new ArrayList<>();
		contract.document()
			.get("paths")
			.properties()
			.forEach((path) -> path.getValue()
				.properties()
				.forEach((operation) -> operation.getValue()
					.path("responses")
					.properties()
					.forEach((answer) -> answers.add(Map
						.entry(path.getKey() + " " + operation.getKey() + " " + answer.getKey(), answer.getValue())))));
		contract.document()
			.at("/components/responses")
			.properties()
			.forEach((answer) -> answers.add(Map.entry("components " + answer.getKey(), answer.getValue())));
		for (Map.Entry<String, JsonNode> answer : answers) {
			answer.getValue().path("content").properties().forEach((media) -> {
				JsonNode example = media.getValue().get("example");
				if (example == null) {
					problems.add(answer.getKey() + " " + media.getKey() + ": no example");
				}
				else if (media.getKey().endsWith("json")) {
					contract.validate(media.getValue().get("schema"), example)
						.forEach((error) -> problems.add(answer.getKey() + " " + media.getKey() + ": " + error));
				}
			});
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void documentListsTheContractsPaths() throws Exception {
		String published = Files.readString(FILE);
		assertThat(published)
			.contains("/v1/orders/{orderId}/tracking:", "/v1/orders/{orderId}/location:",
					"/v1/orders/{orderId}/share-links:", "/v1/track/{token}:", "/v1/couriers/{courierId}/location:")
			.contains("openapi: 3.1");
	}

}
