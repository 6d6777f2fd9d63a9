/**
 * Partner webhooks: registrations (one partner's own, support any), their signing
 * secrets, and their delivery log, in the operational database (PostgreSQL through Spring
 * Data JDBC, with its own Flyway migrations in {@code db/operational}), apart from the
 * warehouse.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "access", "shared", "shared :: web" })
package com.acme.tracking.webhook;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
