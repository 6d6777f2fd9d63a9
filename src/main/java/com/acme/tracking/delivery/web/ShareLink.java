package com.acme.tracking.delivery.web;

import java.time.Instant;

/**
 * A share link (DESIGN.md, {@code share}).
 *
 * @param token the signed token, scoped to one order
 * @param url where anyone with the link sees the order's tracking
 * @param expiresAt until when it shows the order, as far as known now (one hour after the
 * order ends, and never more than the maximum lifetime after it was issued)
 */
record ShareLink(String token, String url, Instant expiresAt) {
}
