/**
 * Reads {@code tracking.delivery-events.v1} (Avro single-object or JSON), validates and
 * maps each record to a {@link com.acme.tracking.delivery.DeliveryEventReceived}; the
 * Avro classes stay here.
 */
@NullMarked
@NamedInterface("ingest")
package com.acme.tracking.delivery.ingest;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
