package com.acme.tracking.delivery.web;

import java.time.Instant;

/**
 * The order's last known location (DESIGN.md, {@code location}): its courier's position,
 * under the same rules as the tracking body.
 *
 * @param orderId the order
 * @param lat latitude
 * @param lon longitude
 * @param recordedAt when the position was recorded
 */
record OrderLocation(String orderId, double lat, double lon, Instant recordedAt) {
}
