/**
 * The pages people use: the watch page of one order (by share link or signed in), the
 * support console and the start page. They are static files that call the same public API
 * as partners (REST, STOMP at {@code /ws}); this module serves them, their settings and
 * their Content-Security-Policy, and holds no data.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {})
package com.acme.tracking.page;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
