package com.acme.tracking.shared.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.delivery.ingest.DeliveryEvent;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AvroCodecTests {

	private final AvroCodec<DeliveryEvent> events = AvroCodec.of(DeliveryEvent.class);

	private final AvroCodec<CourierPosition> positions = AvroCodec.of(CourierPosition.class);

	private final DeliveryEvent created = AvroSamples.created();

	private final CourierPosition position = AvroSamples.position();

	@Test
	void singleObjectEncodingRoundTrips() {
		byte[] bytes = this.events.encode(this.created);
		assertThat(bytes[0]).isEqualTo((byte) 0xC3);
		assertThat(bytes[1]).isEqualTo((byte) 0x01);
		assertThat(this.events.decode(bytes, null)).isEqualTo(this.created);
		assertThat(this.positions.decode(this.positions.encode(this.position))).isEqualTo(this.position);
	}

	@Test
	void jsonFormRoundTripsWithPlainValues() {
		byte[] json = this.events.encodeJson(this.created);
		assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"type\":\"CREATED\"")
			.contains("\"occurredAt\":1764000000123")
			.contains("\"customerId\":\"c-1\"")
			.contains("\"destination\":{\"lat\":-23.56168,\"lon\":-46.65598}")
			.contains("\"courierId\":null");
		assertThat(this.events.decode(json, "application/json")).isEqualTo(this.created);
		assertThat(this.positions.decode(this.positions.encodeJson(this.position), "application/json; charset=utf-8"))
			.isEqualTo(this.position);
	}

	@Test
	void jsonMayLeaveOptionalFieldsOut() {
		String json = """
				{"courierId":"k-9","lat":1.5,"lon":2,"recordedAt":1764000000000}""";
		CourierPosition decoded = this.positions.decodeJson(json.getBytes(StandardCharsets.UTF_8));
		assertThat(decoded.getLon()).isEqualTo(2.0);
		assertThat(decoded.getAccuracyMeters()).isNull();
		assertThat(decoded.getRecordedAt()).isEqualTo(Instant.ofEpochMilli(1_764_000_000_000L));
	}

	@Test
	void bytesOfANonJavaProducerDecode() throws IOException {
		// What a producer in another language writes with the published .avsc file:
		// C3 01, the little-endian CRC-64-AVRO of the parsing canonical form, the body.
		Schema published = new Schema.Parser().parse(Path.of("api/avro/CourierPosition.avsc").toFile());
		String canonical = org.apache.avro.SchemaNormalization.toParsingForm(published);
		GenericRecord record = new GenericData.Record(published);
		record.put("courierId", "k-7");
		record.put("lat", 52.52);
		record.put("lon", 13.405);
		record.put("accuracyMeters", null);
		record.put("speedMetersPerSecond", 3.5f);
		record.put("headingDegrees", null);
		record.put("recordedAt", 1_764_000_000_789L);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(0xC3);
		out.write(0x01);
		out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(rabin(canonical)).array());
		BinaryEncoder body = EncoderFactory.get().binaryEncoder(out, null);
		new GenericDatumWriter<GenericRecord>(published).write(record, body);
		body.flush();

		CourierPosition decoded = this.positions.decode(out.toByteArray());

		assertThat(decoded.getCourierId()).isEqualTo("k-7");
		assertThat(decoded.getLat()).isEqualTo(52.52);
		assertThat(decoded.getSpeedMetersPerSecond()).isEqualTo(3.5f);
		assertThat(decoded.getRecordedAt()).isEqualTo(Instant.ofEpochMilli(1_764_000_000_789L));
	}

	@Test
	void recordsOfAnEarlierPublishedSchemaStayReadable() {
		// An older CourierPosition without the optional heading, as a producer on v0
		// writes it.
		Schema older = SchemaBuilder.record("CourierPosition")
			.namespace("com.acme.tracking.courier.ingest")
			.fields()
			.requiredString("courierId")
			.requiredDouble("lat")
			.requiredDouble("lon")
			.optionalFloat("accuracyMeters")
			.optionalFloat("speedMetersPerSecond")
			.name("recordedAt")
			.type(org.apache.avro.LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
			.noDefault()
			.endRecord();
		GenericRecord record = new GenericData.Record(older);
		record.put("courierId", "k-8");
		record.put("lat", 1.0);
		record.put("lon", 2.0);
		record.put("accuracyMeters", null);
		record.put("speedMetersPerSecond", null);
		record.put("recordedAt", 1_764_000_000_000L);
		byte[] bytes = singleObject(older, record);

		assertThatExceptionOfType(RejectedRecord.class).isThrownBy(() -> this.positions.decode(bytes))
			.withMessageStartingWith("unknown schema fingerprint");
		CourierPosition decoded = AvroCodec.of(CourierPosition.class, List.of(older)).decode(bytes);
		assertThat(decoded.getCourierId()).isEqualTo("k-8");
		assertThat(decoded.getHeadingDegrees()).isNull();
	}

	@Test
	void bytesNoSchemaReadsAreRejectedWithAReason() {
		assertThatExceptionOfType(RejectedRecord.class)
			.isThrownBy(() -> this.events.decode("hello".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("not Avro single-object encoded");
		byte[] truncated = java.util.Arrays.copyOf(this.events.encode(this.created), 14);
		assertThatExceptionOfType(RejectedRecord.class).isThrownBy(() -> this.events.decode(truncated))
			.withMessageContaining("malformed Avro body");
		byte[] otherRecord = this.positions.encode(this.position);
		assertThatExceptionOfType(RejectedRecord.class).isThrownBy(() -> this.events.decode(otherRecord))
			.withMessageContaining("unknown schema fingerprint");
	}

	@Test
	void invalidJsonIsRejectedNamingTheField() {
		assertThatExceptionOfType(RejectedRecord.class).isThrownBy(() -> this.events.decodeJson("""
				{"eventId":"e","type":"CREATED","occurredAt":1}""".getBytes(StandardCharsets.UTF_8)))
			.withMessage("missing required field 'orderId'");
		assertThatExceptionOfType(RejectedRecord.class).isThrownBy(() -> this.events.decodeJson("""
				{"eventId":"e","orderId":"o","type":"LOST","occurredAt":1}""".getBytes(StandardCharsets.UTF_8)))
			.withMessage("field 'type' has unknown value 'LOST'");
		assertThatExceptionOfType(RejectedRecord.class).isThrownBy(() -> this.positions.decodeJson("""
				{"courierId":"k","lat":"north","lon":2,"recordedAt":1}""".getBytes(StandardCharsets.UTF_8)))
			.withMessage("field 'lat' must be a number");
		assertThatExceptionOfType(RejectedRecord.class)
			.isThrownBy(() -> this.positions.decodeJson("{".getBytes(StandardCharsets.UTF_8)))
			.withMessage("invalid JSON");
	}

	private static byte[] singleObject(Schema schema, GenericRecord record) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			out.write(new byte[] { (byte) 0xC3, 0x01 });
			out.write(ByteBuffer.allocate(8)
				.order(ByteOrder.LITTLE_ENDIAN)
				.putLong(rabin(org.apache.avro.SchemaNormalization.toParsingForm(schema)))
				.array());
			BinaryEncoder body = EncoderFactory.get().binaryEncoder(out, null);
			new GenericDatumWriter<GenericRecord>(schema).write(record, body);
			body.flush();
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Issue 14: a length prefix claiming a 2 GB string is refused by Avro's limits
	 * ({@link AvroLimits}) before anything is allocated for it, so a 15-byte record
	 * cannot make a replica allocate 2 GB per decode.
	 */
	@Test
	void aStringWhoseLengthPrefixClaimsTwoGigabytesIsRefusedWithoutAllocatingIt() {
		byte[] valid = this.positions.encode(this.position);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(valid, 0, 10);
		long zigzag = 2_000_000_000L << 1;
		while ((zigzag & ~0x7FL) != 0) {
			out.write((int) ((zigzag & 0x7F) | 0x80));
			zigzag >>>= 7;
		}
		out.write((int) zigzag);
		byte[] claim = out.toByteArray();
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
			.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> this.positions.decode(claim));
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		assertThat(allocated).as("bytes allocated to decode a 15-byte record").isLessThan(16L * 1024 * 1024);
		assertThat(refused).isInstanceOf(RejectedRecord.class)
			.hasMessage("malformed Avro body for CourierPosition")
			.hasRootCauseInstanceOf(org.apache.avro.SystemLimitException.class);
	}

	/** CRC-64-AVRO (Rabin) as the Avro specification gives it, written independently. */
	private static long rabin(String canonical) {
		final long empty = 0xc15d213aa4d7a795L;
		long[] table = new long[256];
		for (int i = 0; i < 256; i++) {
			long fp = i;
			for (int j = 0; j < 8; j++) {
				fp = (fp >>> 1) ^ (empty & -(fp & 1L));
			}
			table[i] = fp;
		}
		long fp = empty;
		for (byte b : canonical.getBytes(StandardCharsets.UTF_8)) {
			fp = (fp >>> 8) ^ table[(int) (fp ^ b) & 0xff];
		}
		return fp;
	}

}
