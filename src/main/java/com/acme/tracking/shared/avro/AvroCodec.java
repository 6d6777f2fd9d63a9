package com.acme.tracking.shared.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes one generated Avro record type in the two forms DESIGN.md allows on
 * the input topics: Avro single-object encoding ({@code C3 01}, the 8-byte CRC-64-AVRO
 * fingerprint of the writer schema's parsing canonical form, the binary body) and, when
 * the record's {@code content-type} header is {@code application/json}, a plain JSON
 * object with the same field names (optional fields as plain values or null, enums by
 * name, times as epoch milliseconds).
 *
 * <p>
 * Every schema the service has ever published is registered as a writer schema, so a
 * producer still on an older file stays readable; values are always resolved into the
 * current (reader) schema. Instances are thread-safe.
 */
public final class AvroCodec<T extends SpecificRecord> {

	public static final String JSON_CONTENT_TYPE = "application/json";

	static {
		AvroLimits.apply();
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Schema schema;

	private final SpecificData model;

	private final BinaryMessageDecoder<T> decoder;

	private final BinaryMessageEncoder<T> encoder;

	private final SpecificDatumReader<T> reader;

	private AvroCodec(Class<T> type, Collection<Schema> publishedSchemas) {
		this.model = SpecificData.getForClass(type);
		this.schema = this.model.getSchema(type);
		this.decoder = new BinaryMessageDecoder<>(this.model, this.schema);
		publishedSchemas.forEach(this.decoder::addSchema);
		this.encoder = new BinaryMessageEncoder<>(this.model, this.schema);
		this.reader = new SpecificDatumReader<>(this.schema, this.schema, this.model);
	}

	/**
	 * A codec for {@code type}, reading its current schema and every earlier one given.
	 */
	public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type, Collection<Schema> publishedSchemas) {
		return new AvroCodec<>(type, publishedSchemas);
	}

	public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
		return new AvroCodec<>(type, List.of());
	}

	public Schema schema() {
		return this.schema;
	}

	/** Decodes a Kafka value, choosing the form by its {@code content-type} header. */
	public T decode(byte[] value, @Nullable String contentType) {
		if (contentType != null
				&& contentType.regionMatches(true, 0, JSON_CONTENT_TYPE, 0, JSON_CONTENT_TYPE.length())) {
			return decodeJson(value);
		}
		return decode(value);
	}

	/** Decodes Avro single-object encoding. */
	public T decode(byte[] value) {
		try {
			return this.decoder.decode(value);
		}
		catch (MissingSchemaException ex) {
			throw new RejectedRecord("unknown schema fingerprint " + fingerprintOf(value), ex);
		}
		catch (BadHeaderException ex) {
			throw new RejectedRecord("not Avro single-object encoded (no C3 01 header)", ex);
		}
		catch (IOException | RuntimeException ex) {
			throw new RejectedRecord("malformed Avro body for " + this.schema.getName(), ex);
		}
	}

	/** Encodes as Avro single-object encoding with the current schema. */
	public byte[] encode(T record) {
		try {
			ByteBuffer buffer = this.encoder.encode(record);
			byte[] bytes = new byte[buffer.remaining()];
			buffer.get(bytes);
			return bytes;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not encode " + record, ex);
		}
	}

	/** Decodes the plain JSON form. */
	public T decodeJson(byte[] value) {
		JsonNode node;
		try {
			node = JSON.readTree(value);
		}
		catch (JacksonException ex) {
			throw new RejectedRecord("invalid JSON", ex);
		}
		if (node == null || !node.isObject()) {
			throw new RejectedRecord("JSON value is not an object");
		}
		try {
			GenericData.Record generic = (GenericData.Record) fromJson(this.schema, node, "");
			return roundTrip(generic);
		}
		catch (RejectedRecord ex) {
			throw ex;
		}
		catch (RuntimeException ex) { // a value Jackson cannot convert, e.g. out of range
			throw new RejectedRecord("invalid JSON value for " + this.schema.getName() + ": " + ex.getMessage(), ex);
		}
	}

	/** Encodes the plain JSON form. */
	public byte[] encodeJson(T record) {
		return JSON.writeValueAsBytes(toJson(this.schema, record));
	}

	private T roundTrip(GenericData.Record generic) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream(128);
			BinaryEncoder binary = EncoderFactory.get().binaryEncoder(out, null);
			new GenericDatumWriter<GenericData.Record>(this.schema, GenericData.get()).write(generic, binary);
			binary.flush();
			return this.reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
		}
		catch (IOException | AvroRuntimeException ex) {
			throw new RejectedRecord("JSON does not match " + this.schema.getName(), ex);
		}
	}

	private static @Nullable Object fromJson(Schema schema, @Nullable JsonNode node, String path) {
		switch (schema.getType()) {
			case RECORD -> {
				if (node == null || !node.isObject()) {
					throw new RejectedRecord("field '" + path + "' must be an object");
				}
				GenericData.Record record = new GenericData.Record(schema);
				for (Field field : schema.getFields()) {
					String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
					JsonNode value = node.get(field.name());
					if ((value == null || value.isNull()) && !isNullable(field.schema())) {
						throw new RejectedRecord("missing required field '" + fieldPath + "'");
					}
					record.put(field.pos(), fromJson(field.schema(), value, fieldPath));
				}
				return record;
			}
			case UNION -> {
				if (node == null || node.isNull()) {
					return null;
				}
				return fromJson(nonNullBranch(schema), node, path);
			}
			case STRING -> {
				return requireNode(node, path, JsonNode::isString, "a string").stringValue();
			}
			case ENUM -> {
				String symbol = requireNode(node, path, JsonNode::isString, "a string").stringValue();
				if (!schema.hasEnumSymbol(symbol)) {
					throw new RejectedRecord("field '" + path + "' has unknown value '" + symbol + "'");
				}
				return new GenericData.EnumSymbol(schema, symbol);
			}
			case LONG -> {
				return requireNode(node, path, JsonNode::isIntegralNumber, "an integer").longValue();
			}
			case INT -> {
				return requireNode(node, path, JsonNode::isInt, "an integer").intValue();
			}
			case DOUBLE -> {
				return requireNode(node, path, JsonNode::isNumber, "a number").doubleValue();
			}
			case FLOAT -> {
				return requireNode(node, path, JsonNode::isNumber, "a number").floatValue();
			}
			case BOOLEAN -> {
				return requireNode(node, path, JsonNode::isBoolean, "a boolean").booleanValue();
			}
			default -> throw new IllegalStateException("Schema type not supported in JSON form: " + schema);
		}
	}

	private static JsonNode requireNode(@Nullable JsonNode node, String path,
			java.util.function.Predicate<JsonNode> check, String what) {
		if (node == null || !check.test(node)) {
			throw new RejectedRecord("field '" + path + "' must be " + what);
		}
		return node;
	}

	private static JsonNode toJson(Schema schema, @Nullable Object value) {
		JsonNodeFactory nodes = JSON.getNodeFactory();
		if (value == null) {
			return nodes.nullNode();
		}
		return switch (schema.getType()) {
			case RECORD -> {
				IndexedRecord record = (IndexedRecord) value;
				ObjectNode object = nodes.objectNode();
				for (Field field : schema.getFields()) {
					object.set(field.name(), toJson(field.schema(), record.get(field.pos())));
				}
				yield object;
			}
			case UNION -> toJson(nonNullBranch(schema), value);
			case STRING, ENUM -> nodes.stringNode(value.toString());
			case LONG ->
				nodes.numberNode((value instanceof Instant instant) ? instant.toEpochMilli() : (long) (Long) value);
			case INT -> nodes.numberNode((Integer) value);
			case DOUBLE -> nodes.numberNode((Double) value);
			case FLOAT -> nodes.numberNode((Float) value);
			case BOOLEAN -> nodes.booleanNode((Boolean) value);
			default -> throw new IllegalStateException("Schema type not supported in JSON form: " + schema);
		};
	}

	private static boolean isNullable(Schema schema) {
		return schema.getType() == Schema.Type.UNION
				&& schema.getTypes().stream().anyMatch((branch) -> branch.getType() == Schema.Type.NULL);
	}

	private static Schema nonNullBranch(Schema union) {
		return union.getTypes()
			.stream()
			.filter((branch) -> branch.getType() != Schema.Type.NULL)
			.findFirst()
			.orElseThrow();
	}

	private static String fingerprintOf(byte[] value) {
		if (value.length < 10) {
			return "(truncated)";
		}
		long fingerprint = ByteBuffer.wrap(value, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
		return String.format("%016x", fingerprint);
	}

}
