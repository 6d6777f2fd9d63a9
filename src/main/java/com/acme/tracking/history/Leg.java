package com.acme.tracking.history;

import java.time.Instant;

/**
 * A stretch of an order's trail carried by one courier: its positions from {@code from}
 * to {@code to}, both included.
 *
 * @param courierId the courier who had the order
 * @param from since when (its assignment, or the pickup if later)
 * @param to until when (the next courier's assignment, or the end)
 */
public record Leg(String courierId, Instant from, Instant to) {
}
