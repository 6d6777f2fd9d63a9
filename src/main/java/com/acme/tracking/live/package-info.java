/**
 * Pushes to clients: STOMP over WebSocket at {@code /ws} and Server-Sent Events, a
 * snapshot first and then position, status and notification messages, positions conflated
 * per subscription.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "access", "courier", "delivery", "shared", "shared :: web" })
package com.acme.tracking.live;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
