package com.acme.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The answers {@code api/openapi.yaml} declares, checked against real ones: every answer
 * the integration tests get from a {@code /v1} operation ({@link Api}, and the status and
 * headers of {@code live.SseTestClient}'s streams) must have a status the operation
 * declares, every header that answer declares as required (each value valid against its
 * schema), a declared media type, and a body valid against its schema (JSON Schema
 * 2020-12 in the OpenAPI 3.1 dialect, formats asserted). An answer the document does not
 * declare fails the test that got it. A {@code /v1} request that matches no operation
 * must answer 404 or 405.
 *
 * <p>
 * {@code -Dapi.contract.report=FILE} writes each disagreement to FILE instead of failing:
 * a way to list them all at once.
 */
public final class ApiContract {

	private static final String BASE = "https://tracking.acme.test/api/openapi.json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Path FILE = Path.of(System.getProperty("api.contract.document", "api/openapi.yaml"));

	private static volatile @Nullable ApiContract published;

	private final JsonNode document;

	private final SchemaRegistry registry;

	private final List<Operation> operations = new ArrayList<>();

	private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

	private final long modified;

	/**
	 * The document the service publishes, read again when the file changed (as
	 * {@code ApiDocumentTests} regenerates it); {@code -Dapi.contract.document=FILE}:
	 * another, an older one say.
	 */
	public static ApiContract published() {
		ApiContract contract = published;
		try {
			if (contract == null || contract.modified != Files.getLastModifiedTime(FILE).toMillis()) {
				contract = new ApiContract(FILE);
				published = contract;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return contract;
	}

	ApiContract(Path file) {
		try {
			this.modified = Files.getLastModifiedTime(file).toMillis();
			this.document = YAMLMapper.builder().build().readTree(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String json = JSON.writeValueAsString(this.document);
		this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
				(builder) -> builder.schemas(Map.of(BASE, json)));
		this.document.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((method) -> {
			if (List.of("get", "put", "post", "delete", "patch", "head", "options").contains(method.getKey())) {
				this.operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(),
						template(path.getKey()), method.getValue()));
			}
		}));
		// literal paths before templated ones
		this.operations
			.sort(Comparator.comparingLong((Operation o) -> o.path().chars().filter((c) -> c == '{').count()));
	}

	/**
	 * Checks an answer to {@code method uri}: throws an {@link AssertionError} naming
	 * what the document does not declare.
	 * @param body the body, or null when it was not read (a stream)
	 */
	public void check(String method, URI uri, int status, HttpHeaders headers, @Nullable String body) {
		List<String> problems = problems(method, uri, status, headers, body);
		if (problems.isEmpty()) {
			return;
		}
		String message = method + " " + uri.getRawPath() + " answered " + status + ", not as api/openapi.yaml says:\n  "
				+ String.join("\n  ", problems) + ((body != null) ? "\n  body: " + abbreviated(body) : "");
		String report = System.getProperty("api.contract.report");
		if (report != null && !report.isBlank()) {
			try {
				Files.writeString(Path.of(report), message + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return;
		}
		throw new AssertionError(message);
	}

	List<String> problems(String method, URI uri, int status, HttpHeaders headers, @Nullable String body) {
		String path = uri.getRawPath();
		if (!path.startsWith("/v1/")) {
			return List.of();
		}
		Operation operation = this.operations.stream()
			.filter((o) -> o.method().equals(method) && o.pattern().matcher(path).matches())
			.findFirst()
			.orElse(null);
		if (operation == null) {
			boolean pathKnown = this.operations.stream().anyMatch((o) -> o.pattern().matcher(path).matches());
			return (status == 404 || (pathKnown && status == 405)) ? List.of()
					: List.of("the document has no operation " + method + " " + path);
		}
		JsonNode responses = operation.node().get("responses");
		String code = Integer.toString(status);
		JsonNode answer = responses.get(code);
		if (answer == null) {
			answer = responses.get(code.charAt(0) + "XX");
		}
		if (answer == null) {
			answer = responses.get("default");
		}
		if (answer == null) {
			List<String> declared = responses.properties().stream().map(Map.Entry::getKey).toList();
			return List.of("status " + status + " is not declared for " + operation.method() + " " + operation.path()
					+ " (declared: " + declared + ")");
		}
		answer = dereference(answer);
		List<String> problems = new ArrayList<>();
		JsonNode declaredHeaders = answer.get("headers");
		if (declaredHeaders != null) {
			declaredHeaders.properties().forEach((entry) -> {
				JsonNode header = dereference(entry.getValue());
				List<String> values = headers.allValues(entry.getKey());
				if (values.isEmpty()) {
					if (header.path("required").asBoolean(false)) {
						problems.add("required header " + entry.getKey() + " is missing");
					}
					return;
				}
				JsonNode schema = header.get("schema");
				if (schema != null) {
					for (String value : values) {
						validate(schema, headerValue(schema, value))
							.forEach((error) -> problems.add("header " + entry.getKey() + ": " + value + ": " + error));
					}
				}
			});
		}
		JsonNode content = answer.get("content");
		if (content == null || content.isEmpty()) {
			if (body != null && !body.isEmpty()) {
				problems.add("a body, where the document declares none");
			}
			return problems;
		}
		String type = headers.firstValue("Content-Type").orElse("").split(";")[0].trim().toLowerCase(Locale.ROOT);
		JsonNode media = content.get(type);
		if (media == null) {
			List<String> declared = content.properties().stream().map(Map.Entry::getKey).toList();
			problems.add("Content-Type " + type + " is not declared (declared: " + declared + ")");
			return problems;
		}
		if (body == null || !type.endsWith("json")) {
			return problems;
		}
		if (body.isEmpty()) {
			problems.add("no body, where the document declares " + type);
			return problems;
		}
		JsonNode schema = media.get("schema");
		if (schema == null) {
			return problems;
		}
		JsonNode value;
		try {
			value = JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			problems.add("the body is not JSON");
			return problems;
		}
		problems.addAll(validate(schema, value));
		return problems;
	}

	/** The errors of a value against a schema of the document. */
	List<String> validate(JsonNode schema, JsonNode value) {
		JsonNode ref = schema.get("$ref");
		Schema compiled;
		if (ref != null && ref.isString() && ref.stringValue().startsWith("#/")) {
			compiled = this.schemas.computeIfAbsent(ref.stringValue(),
					(pointer) -> this.registry.getSchema(SchemaLocation.of(BASE + pointer)));
		}
		else {
			// an inline schema (a header's): on its own, at a made-up address
			compiled = this.schemas.computeIfAbsent(schema.toString(),
					(key) -> this.registry.getSchema(
							SchemaLocation.of("https://tracking.acme.test/inline/" + this.schemas.size() + ".json"),
							schema));
		}
		List<Error> errors = compiled.validate(value,
				(context) -> context.executionConfig((config) -> config.formatAssertionsEnabled(true)));
		return errors.stream().map(Error::toString).toList();
	}

	/** The schema at a JSON pointer of the document (an example's, say). */
	JsonNode at(String pointer) {
		return this.document.at(pointer);
	}

	JsonNode document() {
		return this.document;
	}

	private JsonNode headerValue(JsonNode schema, String value) {
		JsonNode resolved = schema.has("$ref") ? dereference(schema) : schema;
		String type = resolved.path("type").asString("string");
		if (type.equals("integer")) {
			try {
				return JsonNodeFactory.instance.numberNode(Long.parseLong(value.trim()));
			}
			catch (NumberFormatException ex) {
				return JsonNodeFactory.instance.stringNode(value);
			}
		}
		return JsonNodeFactory.instance.stringNode(value);
	}

	private JsonNode dereference(JsonNode node) {
		JsonNode current = node;
		for (int hops = 0; current.has("$ref") && hops < 10; hops++) {
			current = this.document.at(current.get("$ref").stringValue().substring(1));
		}
		return current;
	}

	private static Pattern template(String path) {
		StringBuilder regex = new StringBuilder("^");
		for (String part : path.split("(?=\\{)|(?<=\\})")) {
			regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
		}
		return Pattern.compile(regex.append("$").toString());
	}

	private static String abbreviated(String body) {
		return (body.length() > 2000) ? body.substring(0, 2000) + "…" : body;
	}

	private record Operation(String method, String path, Pattern pattern, JsonNode node) {
	}

}
