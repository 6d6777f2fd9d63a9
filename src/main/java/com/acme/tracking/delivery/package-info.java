/**
 * Order status: the hot state of every live order
 * ({@link com.acme.tracking.delivery.DeliveryStates}), its transitions
 * ({@link com.acme.tracking.delivery.Delivery#apply}), the ingest of
 * {@code tracking.delivery-events.v1} and the tracking endpoints.
 */
@NullMarked
@ApplicationModule(
		allowedDependencies = { "access", "courier", "shared", "shared :: avro", "shared :: kafka", "shared :: web" })
package com.acme.tracking.delivery;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
