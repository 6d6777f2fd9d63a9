package com.acme.tracking.history;

import java.time.Instant;

/**
 * Where a keyset page ends: a row's time, Kafka partition and offset (unique per record).
 * Clients see it as an opaque, signed cursor (the web layer's {@code Cursors}); a page
 * that follows it starts strictly after it, so rows inserted meanwhile neither repeat nor
 * shift pages.
 *
 * @param time the row's time
 * @param partition its Kafka partition
 * @param offset its Kafka offset
 */
public record PageKey(Instant time, int partition, long offset) {
}
