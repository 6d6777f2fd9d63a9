/**
 * Avro single-object encoding and the plain-JSON debugging form of the same records.
 */
@NullMarked
@NamedInterface("avro")
package com.acme.tracking.shared.avro;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
