/**
 * Who may see what: the JWT resource server and its roles. Depends on nothing but
 * {@code shared}, so that every feature's web layer can use it.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "shared" })
package com.acme.tracking.access;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
