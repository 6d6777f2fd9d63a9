/**
 * Notifications: the fleet's single stream of status changes, arriving and arrived events
 * on {@code tracking.notifications.v1}, each published by the replica that owns the
 * order's partition ({@link com.acme.tracking.notification.NotificationOwnership}). The
 * partner webhooks build on it.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "delivery", "shared", "shared :: kafka" })
package com.acme.tracking.notification;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
