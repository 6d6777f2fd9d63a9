/**
 * Reads {@code tracking.courier-positions.v1} (Avro single-object or JSON), validates and
 * maps each record to a {@link com.acme.tracking.courier.Position}; the Avro class stays
 * here. The mapper is also the history writer's decoder (named interface {@code ingest}).
 */
@NullMarked
@NamedInterface("ingest")
package com.acme.tracking.courier.ingest;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
