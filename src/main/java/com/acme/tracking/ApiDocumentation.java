package com.acme.tracking;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document served at {@code /v3/api-docs} (Swagger UI at
 * {@code /swagger-ui.html}); {@code api/openapi.yaml} is its reviewed copy and a test
 * fails when the two differ.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	@Bean
	OpenAPI trackingApi() {
		return new OpenAPI()
			.info(new Info().title("Delivery tracking API")
				.version("v1")
				.description("Live tracking and history of deliveries. Errors are RFC 9457 problem bodies "
						+ "(application/problem+json). Every /v1 endpoint but /v1/track/{token} needs a bearer JWT "
						+ "with the roles customer, partner (with partner_id) or support; an order the caller may "
						+ "not see answers 404, exactly like one that does not exist. Past the per-client rate "
						+ "limit the answer is 429 with Retry-After."))
			.servers(List.of(new Server().url("/").description("This service")))
			.components(new Components().addSecuritySchemes("bearer",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")));
	}

}
