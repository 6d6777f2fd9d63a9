package com.acme.tracking.privacy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** The bodies of {@code /v1/privacy/erasures} and {@code /v1/audit}. */
final class PrivacyBodies {

	private PrivacyBodies() {
	}

	@Schema(name = "ErasureRequest")
	record ErasureRequest(@Schema(description = "The customer to erase, as the token's sub names it",
			requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 128) @Nullable String customerId) {
	}

	@Schema(name = "ErasureAccepted")
	record ErasureAccepted(UUID id, @Schema(allowableValues = {
			"PENDING", "RUNNING", "DONE" }) String state){
	}

	@Schema(name = "Erasure")
	record ErasureBody(UUID id, @Schema(allowableValues = {
			"PENDING", "RUNNING", "DONE" }) String state, Instant requestedAt,
			@Schema(nullable = true, description = "When it was done; null until then") @Nullable Instant completedAt){

		static ErasureBody of(Erasures.Erasure erasure) {
			return new ErasureBody(erasure.id(), erasure.state().name(), erasure.requestedAt(), erasure.completedAt());
		}

	}

	@Schema(name = "AuditRecord")
	record AuditItem(@Schema(description = "When") Instant at,
			@Schema(description = "Who: the token's subject, or system") String actor,
			@Schema(description = "As what", allowableValues = {
					"support", "audit", "system" }) String role,
			@Schema(description = "What: the operation (method and path template), subscribe, stream-events, "
					+ "erasure-requested or erasure-done") String action,
			@Schema(description = "On what: the path and query (customer ids as pseudonyms), a topic, an erasure") String resource,
			@Schema(description = "Through what",
					allowableValues = { "rest", "console", "stomp", "sse", "privacy" }) String channel,
			@Schema(nullable = true, description = "The order it concerns") @Nullable String orderId,
			@Schema(nullable = true, description = "From where: the client's address") @Nullable String clientAddress,
			@Schema(description = "The outcome: the HTTP status, ok, or an erasure's summary") String result){
	}

	@Schema(name = "AuditPage")
	record AuditPage(List<AuditItem> items, @Schema(nullable = true,
			description = "The cursor of the next page; null on the last") @Nullable String nextCursor) {
	}

}
