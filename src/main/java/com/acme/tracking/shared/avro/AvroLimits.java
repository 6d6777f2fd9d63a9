package com.acme.tracking.shared.avro;

import org.apache.avro.SystemLimitException;
import org.slf4j.LoggerFactory;

/**
 * Avro's own bounds on what a length prefix may claim. Without them Avro allocates what a
 * string's or a byte array's length prefix says, up to 2 GB, before it finds the bytes
 * missing: a 15-byte record can claim 2 GB. Nothing the service reads comes near
 * {@value #MAX_LENGTH} bytes (that is Kafka's default largest record), so a longer claim
 * is refused ({@link SystemLimitException}) and the record dead-lettered as malformed.
 *
 * <p>
 * Avro reads the system properties once, when {@link SystemLimitException} is first
 * initialized: {@link #apply()} runs in {@link AvroCodec}'s static initializer, before
 * anything decodes, and the build sets the same properties for the test JVMs. A value
 * given on the command line ({@code -Dorg.apache.avro.limits.string.maxLength=...}) is
 * kept.
 */
public final class AvroLimits {

	/** The longest string or byte array a record may claim, in bytes. */
	public static final int MAX_LENGTH = 1024 * 1024;

	static final String STRING_PROPERTY = SystemLimitException.MAX_STRING_LENGTH_PROPERTY;

	static final String BYTES_PROPERTY = SystemLimitException.MAX_BYTES_LENGTH_PROPERTY;

	private AvroLimits() {
	}

	/** Sets the limits unless given, and warns when Avro had read its limits before. */
	public static synchronized void apply() {
		for (String property : new String[] { STRING_PROPERTY, BYTES_PROPERTY }) {
			if (System.getProperty(property) == null) {
				System.setProperty(property, Integer.toString(MAX_LENGTH));
			}
		}
		try {
			SystemLimitException.checkMaxStringLength(Long.parseLong(System.getProperty(STRING_PROPERTY)) + 1);
			LoggerFactory.getLogger(AvroLimits.class)
				.warn("Avro read its length limits before they were set; strings up to 2 GB are accepted");
		}
		catch (RuntimeException expected) {
			// in effect (SystemLimitException), or a limit given near the VM's own
		}
	}

}
