/**
 * Kafka plumbing the ingest listeners share: settings, the dead-letter route, the
 * look-back seek that rebuilds the hot state on start.
 */
@NullMarked
@NamedInterface("kafka")
package com.acme.tracking.shared.kafka;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
