/**
 * Where couriers are now: the last position of every courier
 * ({@link com.acme.tracking.courier.CourierPositions}), the ingest of
 * {@code tracking.courier-positions.v1} and the courier location endpoint.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "access", "shared", "shared :: avro", "shared :: kafka", "shared :: web" })
package com.acme.tracking.courier;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
