/**
 * The data lifecycle: retention (old history deleted in small batches by one runner of
 * the fleet), customer erasure (pseudonymised in history, forgotten by the hot state,
 * share links and partner notifications withheld), and the audit trail of support reads
 * and erasures (the operational database and {@code tracking.audit.v1}). PRIVACY.md says
 * what this means for each kind of personal data.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "access", "delivery", "history", "webhook", "shared", "shared :: web" })
package com.acme.tracking.privacy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
