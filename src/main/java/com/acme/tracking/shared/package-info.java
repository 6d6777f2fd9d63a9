/**
 * Small value types and codecs every module may use: points, geometry, topic names, the
 * Avro single-object and JSON codec.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {})
package com.acme.tracking.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
