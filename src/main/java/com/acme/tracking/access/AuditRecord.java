package com.acme.tracking.access;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the audit trail (DESIGN.md: {@code at, actor, role, action, resource,
 * channel}), published by {@link AuditLog} as an application event for the trail's store.
 *
 * @param id unique: the same record stored twice is one record
 * @param at when
 * @param actor who (the token's subject)
 * @param role as what ({@code support}, {@code audit})
 * @param action what, e.g. {@code GET /v1/orders/{orderId}/history} or {@code subscribe}
 * @param resource on what: the path and query (customer ids as pseudonyms), or a topic
 * @param orderId the order it concerns, if one
 * @param channel through what: {@code rest}, {@code console}, {@code stomp}, {@code sse},
 * {@code privacy}
 * @param clientAddress from where (the client's address as the edge saw it), if known
 * @param result the outcome: an HTTP status, {@code ok} or {@code refused}
 */
public record AuditRecord(UUID id, Instant at, String actor, String role, String action, String resource,
		@Nullable String orderId, String channel, @Nullable String clientAddress, String result) {
}
