package com.acme.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.yaml.snakeyaml.Yaml;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The answers the API's operations share, declared once here rather than on every
 * controller, and the one RFC 9457 problem schema they all use:
 * <ul>
 * <li>400 on every {@code /v1} operation (a bad parameter, or one it does not take:
 * {@code shared.web.UnknownParameters}), naming it in {@code parameter};</li>
 * <li>401 with {@code WWW-Authenticate} on every operation that needs a bearer
 * token;</li>
 * <li>429 with {@code Retry-After} on every operation (the per-client rate limit runs
 * before anything else);</li>
 * <li>503 with {@code Retry-After} on every {@code History} operation (the
 * warehouse);</li>
 * <li>an operation that declares 304 is conditional: it takes {@code If-None-Match}, and
 * its 200 and 304 carry {@code ETag} and {@code Cache-Control}.</li>
 * </ul>
 * Every body gets its example from {@code api/examples.yaml} (by schema name; problems by
 * status).
 */
@Component
class ApiAnswers implements OpenApiCustomizer {

	static final String PROBLEM_JSON = "application/problem+json";

	static final String PROBLEM = "#/components/schemas/ProblemDetail";

	private static final String EXAMPLES = "api/examples.yaml";

	@Override
	public void customise(OpenAPI api) {
		Components components = (api.getComponents() != null) ? api.getComponents() : new Components();
		api.setComponents(components);
		components.addSchemas("ProblemDetail", problem());
		components.addHeaders("ETag",
				new Header().required(true)
					.description("Names the order's state version (weak): it does not change while only ageSeconds "
							+ "grows. Send it back in If-None-Match.")
					.schema(string()));
		components.addHeaders("Cache-Control",
				new Header().required(true)
					.description(
							"no-cache, private: revalidate with If-None-Match before reusing; never in a shared cache.")
					.schema(string()));
		components.addParameters("IfNoneMatch",
				new HeaderParameter().name("If-None-Match")
					.required(false)
					.description("The ETag of a body already held: 304 while the order's state has not changed.")
					.schema(string()));
		components.addResponses("BadRequest",
				problemAnswer("A bad parameter (malformed, out of bounds, or one this operation does not take), "
						+ "named in the problem's parameter member"));
		components.addResponses("Unauthorized",
				problemAnswer("No valid bearer token (missing, expired, badly signed, for another audience, or "
						+ "without sub)")
					.addHeaderObject("WWW-Authenticate",
							new Header().required(true)
								.description("Bearer, with the RFC 6750 error when a token was given")
								.schema(string())));
		components.addResponses("TooManyRequests", problemAnswer(
				"Past a limit: the per-client rate limit (every operation), the caller's concurrent history queries, "
						+ "or its open streams and sessions")
			.addHeaderObject("Retry-After",
					new Header().required(true)
						.description("Seconds to wait before asking again")
						.schema(new JsonSchema().types(types("integer")).minimum(java.math.BigDecimal.ONE))));
		components.addResponses("WarehouseUnavailable",
				problemAnswer("The warehouse cannot be reached; live endpoints still work").addHeaderObject(
						"Retry-After",
						new Header().required(true)
							.description("Seconds until the warehouse is tried again (what is left of the breaker's "
									+ "open window)")
							.schema(new JsonSchema().types(types("integer")).minimum(java.math.BigDecimal.ZERO))));
		if (api.getPaths() != null) {
			api.getPaths().forEach((path, item) -> {
				if (path.startsWith("/v1/")) {
					item.readOperations().forEach(ApiAnswers::shared);
				}
			});
		}
		examples(api, load());
	}

	private static void shared(Operation operation) {
		ApiResponses responses = operation.getResponses();
		responses.addApiResponse("400", reference("BadRequest"));
		if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
			responses.addApiResponse("401", reference("Unauthorized"));
		}
		responses.addApiResponse("429", reference("TooManyRequests"));
		if (operation.getTags() != null && operation.getTags().contains(ApiDocumentation.HISTORY)) {
			responses.addApiResponse("503", reference("WarehouseUnavailable"));
		}
		ApiResponse notModified = responses.get("304");
		if (notModified != null) {
			operation.addParametersItem(new Parameter().$ref("#/components/parameters/IfNoneMatch"));
			for (ApiResponse conditional : List.of(responses.get("200"), notModified)) {
				conditional.addHeaderObject("ETag", new Header().$ref("#/components/headers/ETag"));
				conditional.addHeaderObject("Cache-Control", new Header().$ref("#/components/headers/Cache-Control"));
			}
		}
	}

	/** RFC 9457, as this service writes it. */
	@SuppressWarnings("rawtypes")
	private static Schema<?> problem() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("type",
				string().format("uri-reference")
					.description("The problem type; absent or about:blank: the status says it all")
					._default("about:blank"));
		properties.put("title", string().description("The status's reason phrase"));
		properties.put("status",
				new JsonSchema().types(types("integer"))
					.format("int32")
					.minimum(java.math.BigDecimal.valueOf(400))
					.maximum(java.math.BigDecimal.valueOf(599))
					.description("The HTTP status"));
		properties.put("detail", string().description("What went wrong, for a person; never a stack trace"));
		properties.put("instance",
				string().format("uri-reference").description("The request's path (a relative reference)"));
		properties.put("parameter", string().description("400: the bad (or first unknown) query parameter"));
		properties.put("parameters",
				new JsonSchema().types(types("array"))
					.items(string())
					.description("400: every query parameter this operation does not take"));
		return new JsonSchema().types(types("object"))
			.description("An RFC 9457 problem (application/problem+json)")
			.properties(properties)
			.required(List.of("title", "status", "detail"))
			.additionalProperties(Boolean.TRUE);
	}

	private static ApiResponse problemAnswer(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(new JsonSchema().$ref(PROBLEM))));
	}

	private static ApiResponse reference(String name) {
		return new ApiResponse().$ref("#/components/responses/" + name);
	}

	private static Schema<Object> string() {
		return new JsonSchema().types(types("string"));
	}

	private static Set<String> types(String type) {
		return new LinkedHashSet<>(List.of(type));
	}

	/** Sets each body's example: by its schema's name, problems by status. */
	@SuppressWarnings("unchecked")
	private static void examples(OpenAPI api, Map<String, Object> examples) {
		Map<String, Object> bodies = (Map<String, Object>) examples.getOrDefault("bodies", Map.of());
		Map<Object, Object> problems = (Map<Object, Object>) examples.getOrDefault("problems", Map.of());
		if (api.getPaths() != null) {
			api.getPaths()
				.values()
				.forEach((item) -> item.readOperations()
					.forEach((operation) -> operation.getResponses()
						.forEach((status, answer) -> example(status, answer, bodies, problems))));
		}
		api.getComponents().getResponses().forEach((name, answer) -> example(status(name), answer, bodies, problems));
	}

	private static String status(String response) {
		return switch (response) {
			case "BadRequest" -> "400";
			case "Unauthorized" -> "401";
			case "TooManyRequests" -> "429";
			case "WarehouseUnavailable" -> "503";
			default -> response;
		};
	}

	private static void example(String status, ApiResponse answer, Map<String, Object> bodies,
			Map<Object, Object> problems) {
		if (answer.getContent() == null) {
			return;
		}
		answer.getContent().forEach((type, media) -> {
			if (media.getExample() != null) {
				return;
			}
			String ref = (media.getSchema() != null) ? media.getSchema().get$ref() : null;
			Object example;
			if (PROBLEM.equals(ref)) {
				example = problems.get(status);
				if (example == null) {
					example = problems.get(Integer.valueOf(status));
				}
			}
			else if (ref != null) {
				example = bodies.get(ref.substring(ref.lastIndexOf('/') + 1));
			}
			else {
				example = bodies.get(type);
			}
			if (example != null) {
				media.setExample(example);
			}
		});
	}

	private static Map<String, Object> load() {
		try (InputStream in = new ClassPathResource(EXAMPLES).getInputStream()) {
			Map<String, Object> examples = new Yaml().load(in);
			return (examples != null) ? examples : Map.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + EXAMPLES, ex);
		}
	}

}
