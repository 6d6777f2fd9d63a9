/**
 * Avro single-object encoding and the plain-JSON debugging form of the same records.
 */
@NullMarked
package com.acme.tracking.shared.avro;

import org.jspecify.annotations.NullMarked;
