package com.acme.tracking.shared.avro;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import com.acme.tracking.courier.ingest.CourierPosition;
import com.acme.tracking.delivery.ingest.DeliveryEvent;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Fuzzing of the decoders (issue 9): many thousand random and mutated inputs, Avro and
 * JSON. Each either decodes or is refused with {@link RejectedRecord} (which sends it to
 * the dead-letter topic with its reason); nothing else may escape, not even an
 * {@link Error} from a length prefix that asks for gigabytes. Seeded, so a failure
 * repeats.
 */
class DecoderFuzzTests {

	private static final int CASES = 5_000;

	private final AvroCodec<DeliveryEvent> events = AvroCodec.of(DeliveryEvent.class);

	private final AvroCodec<CourierPosition> positions = AvroCodec.of(CourierPosition.class);

	private final byte[] validEvent = this.events.encode(AvroSamples.created());

	private final byte[] validPosition = this.positions.encode(AvroSamples.position());

	private final Random random = new Random(20261125);

	@Test
	void randomBytesAreDecodedOrRejected() {
		for (int i = 0; i < CASES; i++) {
			byte[] bytes = new byte[this.random.nextInt(64)];
			this.random.nextBytes(bytes);
			if (i % 2 == 0 && bytes.length >= 10) { // past the header and the fingerprint
				System.arraycopy((i % 4 == 0) ? this.validEvent : this.validPosition, 0, bytes, 0, 10);
			}
			decodedOrRejected(this.events, bytes, null);
			decodedOrRejected(this.positions, bytes, null);
		}
	}

	@Test
	void mutatedEncodingsAreDecodedOrRejected() {
		int decoded = 0;
		for (int i = 0; i < CASES; i++) {
			boolean event = i % 2 == 0;
			byte[] bytes = mutate(event ? this.validEvent : this.validPosition);
			decoded += decodedOrRejected(event ? this.events : this.positions, bytes, null) ? 1 : 0;
		}
		assertThat(decoded).as("some mutations still decode (the fuzzer reaches the body)").isPositive();
	}

	@Test
	void mutatedJsonIsDecodedOrRejected() {
		String event = "{\"eventId\":\"e-1\",\"orderId\":\"o-1\",\"type\":\"CREATED\",\"occurredAt\":\"2026-11-25T12:00:00Z\","
				+ "\"customerId\":\"c-1\",\"partnerId\":\"p-1\",\"destination\":{\"lat\":-23.5,\"lon\":-46.6}}";
		String position = "{\"courierId\":\"k-1\",\"lat\":-23.5,\"lon\":-46.6,\"accuracyMeters\":4.5,"
				+ "\"recordedAt\":\"2026-11-25T12:00:00Z\"}";
		String[] replacements = { "null", "[]", "{}", "\"x\"", "1e999", "-1", "true", "\"2026-13-45T99:00:00Z\"",
				"12345678901234567890", "\"\\u0000\"", "NaN", "{\"lat\":\"x\"}", "\"" + "a".repeat(10_000) + "\"" };
		int decoded = 0;
		for (int i = 0; i < CASES; i++) {
			boolean isEvent = i % 2 == 0;
			String json = isEvent ? event : position;
			String mutated;
			if (i % 3 == 0) { // a value replaced by another type
				int colon = nthIndex(json, ':', this.random.nextInt(count(json, ':')));
				int end = valueEnd(json, colon + 1);
				mutated = json.substring(0, colon + 1) + replacements[this.random.nextInt(replacements.length)]
						+ json.substring(end);
			}
			else {
				mutated = new String(mutate(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
			}
			decoded += decodedOrRejected(isEvent ? this.events : this.positions,
					mutated.getBytes(StandardCharsets.UTF_8), "application/json") ? 1 : 0;
		}
		assertThat(decoded).isPositive();
	}

	private boolean decodedOrRejected(AvroCodec<? extends SpecificRecord> codec, byte[] bytes, String contentType) {
		try {
			return codec.decode(bytes, contentType) != null;
		}
		catch (RejectedRecord ex) {
			assertThat(ex.getMessage()).isNotBlank();
			return false;
		}
		catch (Throwable ex) {
			fail("escaped the decoder for input " + Arrays.toString(bytes) + ": " + ex, ex);
			return false;
		}
	}

	private byte[] mutate(byte[] valid) {
		byte[] bytes = valid.clone();
		switch (this.random.nextInt(4)) {
			case 0 -> bytes[this.random.nextInt(bytes.length)] = (byte) this.random.nextInt(256);
			case 1 -> bytes = Arrays.copyOf(bytes, this.random.nextInt(bytes.length));
			case 2 -> {
				bytes = Arrays.copyOf(bytes, bytes.length + 1 + this.random.nextInt(16));
				for (int j = valid.length; j < bytes.length; j++) {
					bytes[j] = (byte) this.random.nextInt(256);
				}
			}
			default -> {
				for (int j = 0; j < 1 + this.random.nextInt(4); j++) {
					bytes[this.random.nextInt(bytes.length)] ^= (byte) (1 << this.random.nextInt(8));
				}
			}
		}
		return bytes;
	}

	private static int count(String text, char c) {
		return (int) text.chars().filter((x) -> x == c).count();
	}

	private static int nthIndex(String text, char c, int n) {
		int at = -1;
		for (int i = 0; i <= n; i++) {
			at = text.indexOf(c, at + 1);
		}
		return at;
	}

	private static int valueEnd(String json, int from) {
		int depth = 0;
		boolean inString = false;
		for (int i = from; i < json.length(); i++) {
			char c = json.charAt(i);
			if (c == '"') {
				inString = !inString;
			}
			else if (!inString && (c == '{' || c == '[')) {
				depth++;
			}
			else if (!inString && (c == '}' || c == ']')) {
				if (depth == 0) {
					return i;
				}
				depth--;
			}
			else if (!inString && c == ',' && depth == 0) {
				return i;
			}
		}
		return json.length();
	}

}
