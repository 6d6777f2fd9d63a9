/**
 * Reads {@code tracking.courier-positions.v1} (Avro single-object or JSON), validates and
 * maps each record to a {@link com.acme.tracking.courier.Position}; the Avro class stays
 * here.
 */
@NullMarked
package com.acme.tracking.courier.ingest;

import org.jspecify.annotations.NullMarked;
