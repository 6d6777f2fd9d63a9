package com.acme.tracking;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document served at {@code /v3/api-docs} (Swagger UI at
 * {@code /swagger-ui.html}); {@code api/openapi.yaml} is its reviewed copy and a test
 * fails when the two differ. The controllers' annotations say what each operation does;
 * {@link ApiAnswers} adds the answers every operation shares and {@link RecordSchemas}
 * derives {@code required} and nullable fields from the response records.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	/** Read from the warehouse: answers 503 while it cannot be reached. */
	static final String HISTORY = "History";

	@Bean
	OpenAPI trackingApi() {
		return new OpenAPI()
			.info(new Info().title("Delivery tracking API")
				.version("v1")
				.description("Live tracking and history of deliveries. Errors are RFC 9457 problem bodies "
						+ "(application/problem+json). Every /v1 endpoint but /v1/track/{token} needs a bearer JWT "
						+ "with the roles customer, partner (with partner_id) or support; an order the caller may "
						+ "not see answers 404, exactly like one that does not exist. Past the per-client rate "
						+ "limit the answer is 429 with Retry-After. Versioning: v1 only grows, by optional "
						+ "fields and new operations; a breaking change gets /v2 paths (and .v2 topics). Pushes "
						+ "(STOMP over /ws, Server-Sent Events) and the Kafka topics are described in "
						+ "api/asyncapi.yaml and api/push-and-notifications.md.")
				.contact(new Contact().name("Delivery tracking team")
					.email("tracking-api@acme.example")
					.url("https://tracking.acme.example/partners"))
				.license(new License().name("Proprietary: for Acme partners under their partner agreement")
					.url("https://tracking.acme.example/partners/terms")))
			.servers(List.of(new Server().url("/").description("This service (the host that served this document)"),
					new Server().url("http://localhost:8080")
						.description("The local runtime (./mvnw spring-boot:test-run)")))
			.tags(List.of(new Tag().name("Live tracking")
				.description("An order's or a courier's state now, from the hot state: answers while the warehouse is "
						+ "down. Share links."),
					new Tag().name("Live push")
						.description(
								"An order's live messages as Server-Sent Events (STOMP over /ws carries the same; see "
										+ "api/push-and-notifications.md)."),
					new Tag().name(HISTORY)
						.description("Timelines, trails, searches and ETA accuracy from the warehouse: 503 with "
								+ "Retry-After while it cannot be reached; a caller runs a few history queries at once."),
					new Tag().name("Webhooks")
						.description("A partner's endpoints for its orders' notifications, signed with HMAC-SHA256 "
								+ "(Tracking-Webhook-Signature), retried for 24 h, with a delivery log; in the "
								+ "operational database: 503 where the deployment has none."),
					new Tag().name("Privacy")
						.description("Customer erasure (support) and the audit trail of support reads and erasures "
								+ "(role audit); in the operational database: 503 where the deployment has none. "
								+ "PRIVACY.md says what is kept, where and for how long.")))
			.components(new Components()
				.addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.bearerFormat("JWT")
					.description("A JWT from the company's identity provider (the local runtime: POST /dev/tokens). "
							+ "Claims: sub (required: a token without it is refused), aud naming this service "
							+ "(delivery-tracking by default), exp, roles (a list of customer, partner, support) and "
							+ "partner_id for partners. A customer sees the orders whose "
							+ "customerId is its sub, a partner those whose partnerId is its partner_id, support any; "
							+ "the courier's position is shown to customers only between pickup and the end, and the "
							+ "courier's id never.")));
	}

}
