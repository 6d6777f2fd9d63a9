/**
 * History in the warehouse (Amazon Redshift; PostgreSQL locally): the batched writer, the
 * queries behind the history endpoints, and the small seam where the two SQL dialects
 * differ.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "access", "courier", "courier :: ingest", "delivery", "delivery :: ingest",
		"shared", "shared :: avro", "shared :: kafka", "shared :: web" })
package com.acme.tracking.history;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
