package com.acme.tracking.shared.avro;

/**
 * A Kafka value the service will not apply: bytes no published schema reads, a missing
 * required field, an impossible coordinate, a time far in the future. The message is the
 * short reason that goes into the dead-letter header {@code dlt-reason}.
 */
public class RejectedRecord extends RuntimeException {

	public RejectedRecord(String reason) {
		super(reason, null, false, false);
	}

	public RejectedRecord(String reason, Throwable cause) {
		super(reason, cause, false, false);
	}

}
