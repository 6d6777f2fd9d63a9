package com.acme.tracking.privacy;

import java.net.URI;
import java.util.UUID;

import com.acme.tracking.access.AuditLog;
import com.acme.tracking.access.Caller;
import com.acme.tracking.shared.CustomerIds;
import com.acme.tracking.shared.web.NotConfigured;
import com.acme.tracking.shared.web.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/privacy/erasures}: support erases a customer (DESIGN.md, Data lifecycle and
 * privacy). Anyone else is told there is nothing here (404), as for an order it may not
 * see. Requesting a customer's erasure again answers the same erasure.
 */
@RestController
@Tag(name = "Privacy")
class ErasureController {

	private final ObjectProvider<Erasures> erasures;

	private final CustomerIds customers;

	private final AuditLog audit;

	ErasureController(ObjectProvider<Erasures> erasures, CustomerIds customers, AuditLog audit) {
		this.erasures = erasures;
		this.customers = customers;
		this.audit = audit;
	}

	@PostMapping(path = "/v1/privacy/erasures", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "requestErasure", summary = "Erase a customer",
			description = "Support only. The customer's id is replaced by a keyed one-way hash in history, the "
					+ "destinations and locations of its orders are coarsened to 0.01°, the hot state forgets it, "
					+ "its share links stop working and its orders' partner notifications are withheld. Runs in "
					+ "the background and survives restarts; asking again for the same customer answers the same "
					+ "erasure.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "202", description = "The erasure, pending or further",
			headers = @Header(name = "Location", required = true, description = "The erasure",
					schema = @Schema(type = "string", format = "uri-reference")))
	@ApiResponse(responseCode = "404", description = "Not for this caller",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503", description = "Erasure is not configured on this deployment",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<PrivacyBodies.ErasureAccepted> request(@RequestBody PrivacyBodies.ErasureRequest body,
			@Parameter(hidden = true) Caller caller) {
		supportOnly(caller);
		String customerId = body.customerId();
		if (customerId == null || customerId.isBlank()) {
			throw new Refused("customerId", "'customerId' is required");
		}
		if (customerId.length() > 128 || CustomerIds.isPseudonym(customerId)) {
			throw new Refused("customerId",
					"'customerId' must be a customer id (at most 128 characters, not beginning with '"
							+ CustomerIds.PSEUDONYM_PREFIX + "')");
		}
		Erasures.Requested requested = erasures().request(customerId, this.customers.pseudonym(customerId),
				caller.id());
		Erasures.Erasure erasure = requested.erasure();
		if (requested.created()) {
			this.audit.record(caller, "erasure-requested",
					"erasure:" + erasure.id() + " customer:" + erasure.pseudonym(), null, "privacy", null, "accepted");
		}
		return ResponseEntity.accepted()
			.location(URI.create("/v1/privacy/erasures/" + erasure.id()))
			.body(new PrivacyBodies.ErasureAccepted(erasure.id(), erasure.state().name()));
	}

	@GetMapping(path = "/v1/privacy/erasures/{erasureId}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getErasure", summary = "An erasure's state",
			description = "Support only. PENDING, then RUNNING, then DONE with its completion time.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "The erasure")
	@ApiResponse(responseCode = "404", description = "No such erasure for this caller",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503", description = "Erasure is not configured on this deployment",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	PrivacyBodies.ErasureBody find(@PathVariable UUID erasureId, @Parameter(hidden = true) Caller caller) {
		supportOnly(caller);
		return erasures().find(erasureId)
			.map(PrivacyBodies.ErasureBody::of)
			.orElseThrow(() -> new NotFound("No erasure " + erasureId));
	}

	private static void supportOnly(Caller caller) {
		if (!caller.isSupport()) {
			throw new NotFound("Nothing here for this caller");
		}
	}

	private Erasures erasures() {
		Erasures available = this.erasures.getIfAvailable();
		if (available == null || !this.customers.available()) {
			throw new NotConfigured(
					"Erasure is not configured on this deployment (it needs the operational database and "
							+ "TRACKING_PRIVACY_KEY)");
		}
		return available;
	}

}
