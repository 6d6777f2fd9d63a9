package com.acme.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code api/asyncapi.yaml} as a test reads it: the messages of its channels, and their
 * payload and header schemas as a JSON Schema (2020-12) validator sees them, with every
 * {@code $ref} resolved, those into {@code api/openapi.yaml} included. Format assertions
 * ({@code date-time}) are on.
 */
public final class AsyncApiDocument {

	/**
	 * Where the two documents are said to live, so that their relative references resolve
	 * to each other; they are never fetched from there.
	 */
	private static final String BASE = "https://delivery-tracking.invalid/api/";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, Object> document;

	private final Map<String, Object> openapi;

	private final Map<String, String> sources;

	private final SchemaRegistry registry;

	private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

	private AsyncApiDocument(Path directory) {
		this.document = yaml(directory.resolve("asyncapi.yaml"));
		this.openapi = yaml(directory.resolve("openapi.yaml"));
		this.sources = Map.of(BASE + "asyncapi.yaml", JSON.writeValueAsString(this.document), BASE + "openapi.yaml",
				JSON.writeValueAsString(this.openapi));
		this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				(builder) -> builder.schemas(this::retrieve));
	}

	/** The documents in {@code api/}. */
	public static AsyncApiDocument load() {
		return new AsyncApiDocument(Path.of("api"));
	}

	/** The names of a channel's messages (the keys of its {@code messages}). */
	public List<String> messages(String channel) {
		return List.copyOf(map(map(map(this.document, "channels"), channel), "messages").keySet());
	}

	/** A schema of {@code components/schemas} in {@code openapi.yaml}, as written. */
	public Map<String, Object> openApiSchema(String name) {
		return map(map(map(this.openapi, "components"), "schemas"), name);
	}

	/** The property names of a schema of {@code components/schemas}. */
	public Set<String> properties(String schema) {
		return Set.copyOf(map(map(map(map(this.document, "components"), "schemas"), schema), "properties").keySet());
	}

	/** The channel's address ({@code null} for a channel without one). */
	public @Nullable String address(String channel) {
		return (String) map(map(this.document, "channels"), channel).get("address");
	}

	/**
	 * What is wrong with a message's payload.
	 * @param channel the channel's key in {@code channels}
	 * @param message the message's key in the channel's {@code messages}
	 * @param json the payload
	 * @return the validation errors; empty when the payload matches
	 */
	public List<String> payloadErrors(String channel, String message, String json) {
		return validate(location(channel, message, "payload"), json);
	}

	/** What is wrong with a message's headers, given as a JSON object. */
	public List<String> headerErrors(String channel, String message, String json) {
		return validate(location(channel, message, "headers"), json);
	}

	/** What is wrong with a value against a schema of {@code components/schemas}. */
	public List<String> schemaErrors(String schema, String json) {
		return validate("#/components/schemas/" + schema, json);
	}

	private List<String> validate(String pointer, String json) {
		Schema schema = this.schemas.computeIfAbsent(pointer,
				(key) -> this.registry.getSchema(SchemaLocation.of(BASE + "asyncapi.yaml" + key)));
		List<String> errors = new ArrayList<>();
		schema
			.validate(json, InputFormat.JSON,
					(context) -> context.executionConfig((config) -> config.formatAssertionsEnabled(true)))
			.forEach((error) -> errors.add(error.toString()));
		return errors;
	}

	/**
	 * The JSON pointer of a message's payload or headers schema: the local reference it
	 * is, or the place it is written.
	 */
	private String location(String channel, String message, String part) {
		Object entry = map(map(map(this.document, "channels"), channel), "messages").get(message);
		if (entry == null) {
			throw new IllegalArgumentException("channel " + channel + " has no message " + message);
		}
		String messagePointer = "#/channels/" + channel + "/messages/" + message;
		Map<String, Object> definition = cast(entry);
		while (definition.get("$ref") instanceof String ref) {
			messagePointer = ref;
			definition = resolve(ref);
		}
		Object schema = definition.get(part);
		if (schema == null) {
			throw new IllegalArgumentException(messagePointer + " has no " + part);
		}
		if (cast(schema).get("$ref") instanceof String ref && ref.startsWith("#/")) {
			return ref;
		}
		return messagePointer + "/" + part;
	}

	private Map<String, Object> resolve(String ref) {
		if (!ref.startsWith("#/")) {
			throw new IllegalArgumentException("not a local reference: " + ref);
		}
		Map<String, Object> node = this.document;
		for (String key : ref.substring(2).split("/")) {
			node = map(node, key.replace("~1", "/").replace("~0", "~"));
		}
		return node;
	}

	/**
	 * The two documents by the address they are said to have; anything else (the
	 * dialect's meta-schemas) is left to the registry's own loaders.
	 */
	private @Nullable String retrieve(String iri) {
		return this.sources.get(iri);
	}

	private static Map<String, Object> map(Map<String, Object> node, String key) {
		Object child = node.get(key);
		if (child == null) {
			throw new IllegalArgumentException("no " + key + " in " + node.keySet());
		}
		return cast(child);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cast(Object node) {
		return (Map<String, Object>) node;
	}

	private static Map<String, Object> yaml(Path file) {
		try {
			return cast(plain(new Yaml().load(Files.readString(file))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** YAML's implicit timestamps (in examples) back to the strings they were. */
	private static Object plain(Object node) {
		if (node instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((key, value) -> copy.put(String.valueOf(key), plain(value)));
			return copy;
		}
		if (node instanceof List<?> list) {
			return list.stream().map(AsyncApiDocument::plain).toList();
		}
		if (node instanceof Date date) {
			return date.toInstant().toString();
		}
		return node;
	}

}
