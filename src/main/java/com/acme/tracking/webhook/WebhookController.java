package com.acme.tracking.webhook;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import com.acme.tracking.access.Caller;
import com.acme.tracking.shared.InputBounds;
import com.acme.tracking.shared.web.BadRequests;
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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/partners/{partnerId}/webhooks}: a partner manages its own webhooks (another
 * partner's id is a 404, as if it had none), support any partner's, customers none. The
 * signing secret is answered once, at creation and at rotation.
 */
@RestController
@Tag(name = "Webhooks")
class WebhookController {

	private static final String BASE = "/v1/partners/{partnerId}/webhooks";

	private static final tools.jackson.databind.json.JsonMapper PING_JSON = tools.jackson.databind.json.JsonMapper
		.builder()
		.build();

	private final ObjectProvider<Webhooks> webhooks;

	private final ObjectProvider<DeliveryLog> log;

	private final Clock clock;

	WebhookController(ObjectProvider<Webhooks> webhooks, ObjectProvider<DeliveryLog> log, Clock clock) {
		this.webhooks = webhooks;
		this.log = log;
		this.clock = clock;
	}

	@PostMapping(path = BASE, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "createWebhook", summary = "Register a webhook",
			description = "Notifications of the partner's orders of the chosen kinds are POSTed to the URL, signed "
					+ "with the secret answered here once (Tracking-Webhook-Signature). The URL must be https on a "
					+ "public address (the local runtime also accepts http://localhost).",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "201", description = "The webhook, with its secret",
			headers = @Header(name = "Location", required = true, description = "The webhook",
					schema = @Schema(type = "string", format = "uri-reference")))
	@ApiResponse(responseCode = "404", description = "No such partner for this caller",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<WebhookBodies.CreatedWebhook> create(@PathVariable String partnerId,
			@RequestBody WebhookBodies.NewWebhook body, @Parameter(hidden = true) Caller caller) {
		manages(caller, partnerId);
		if (body.url() == null) {
			throw new Webhooks.Refused("url", "'url' is required");
		}
		Webhooks.Created created = webhooks().create(partnerId, body.url(), body.kinds());
		Webhook webhook = created.webhook();
		return ResponseEntity.created(URI.create("/v1/partners/" + partnerId + "/webhooks/" + webhook.id()))
			.body(new WebhookBodies.CreatedWebhook(webhook.id(), webhook.url(), List.copyOf(webhook.kindSet()),
					webhook.enabled(), created.secret(), webhook.createdAt()));
	}

	@GetMapping(path = BASE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listWebhooks", summary = "A partner's webhooks",
			description = "Oldest first, without their secrets.", security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "The webhooks")
	@ApiResponse(responseCode = "404", description = "No such partner for this caller",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	WebhookBodies.WebhookList list(@PathVariable String partnerId, @Parameter(hidden = true) Caller caller) {
		manages(caller, partnerId);
		return new WebhookBodies.WebhookList(webhooks().of(partnerId)
			.stream()
			.map((w) -> WebhookBodies.WebhookBody.of(w, this.clock.instant()))
			.toList());
	}

	@GetMapping(path = BASE + "/{webhookId}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getWebhook", summary = "A webhook",
			description = "Whether it is enabled, or disabled by the service after 24 h of failure, and since when it "
					+ "fails.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "The webhook")
	@ApiResponse(responseCode = "404", description = "No such webhook for this caller",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	WebhookBodies.WebhookBody get(@PathVariable String partnerId, @PathVariable UUID webhookId,
			@Parameter(hidden = true) Caller caller) {
		return WebhookBodies.WebhookBody.of(owned(caller, partnerId, webhookId), this.clock.instant());
	}

	@PatchMapping(path = BASE + "/{webhookId}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "updateWebhook", summary = "Change a webhook",
			description = "Each field present replaces the current one; enabling a webhook the service disabled "
					+ "starts its deliveries again.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "The webhook as it is now")
	@ApiResponse(responseCode = "404", description = "No such webhook for this caller",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	WebhookBodies.WebhookBody update(@PathVariable String partnerId, @PathVariable UUID webhookId,
			@RequestBody WebhookBodies.WebhookChange body, @Parameter(hidden = true) Caller caller) {
		Webhook webhook = owned(caller, partnerId, webhookId);
		return WebhookBodies.WebhookBody.of(webhooks().change(webhook, body.url(), body.kinds(), body.enabled()),
				this.clock.instant());
	}

	@DeleteMapping(path = BASE + "/{webhookId}")
	@Operation(operationId = "deleteWebhook", summary = "Delete a webhook",
			description = "Nothing more is sent to it; its delivery log goes with it.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "404", description = "No such webhook for this caller",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<Void> delete(@PathVariable String partnerId, @PathVariable UUID webhookId,
			@Parameter(hidden = true) Caller caller) {
		webhooks().delete(owned(caller, partnerId, webhookId));
		return ResponseEntity.noContent().build();
	}

	@PostMapping(path = BASE + "/{webhookId}/rotate-secret", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "rotateWebhookSecret", summary = "Rotate a webhook's secret",
			description = "A new secret, shown this once. Until previousSecretValidUntil both secrets sign: the "
					+ "signature header then carries two v1= values.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "The new secret")
	@ApiResponse(responseCode = "404", description = "No such webhook for this caller",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	WebhookBodies.RotatedSecret rotate(@PathVariable String partnerId, @PathVariable UUID webhookId,
			@Parameter(hidden = true) Caller caller) {
		Webhooks.Created rotated = webhooks().rotate(owned(caller, partnerId, webhookId));
		return new WebhookBodies.RotatedSecret(rotated.secret(), rotated.webhook().previousSecretUntil());
	}

	@GetMapping(path = BASE + "/{webhookId}/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listWebhookDeliveries", summary = "A webhook's delivery log",
			description = "Each notification sent or to be sent to it, newest first: attempts, the last status code and "
					+ "latency, when it was delivered or is tried next. Cursor-paginated.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "A page of the log")
	@ApiResponse(responseCode = "404", description = "No such webhook for this caller",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	WebhookBodies.DeliveryPage deliveries(@PathVariable String partnerId, @PathVariable UUID webhookId,
			@Parameter(description = "Most items in the page, 1 to 200 (50 by default)",
					schema = @Schema(type = "integer", minimum = "1", maximum = "200",
							defaultValue = "50")) @org.springframework.web.bind.annotation.RequestParam(
									required = false) @org.jspecify.annotations.Nullable Integer limit,
			@Parameter(
					description = "The nextCursor of the previous page") @org.springframework.web.bind.annotation.RequestParam(
							required = false) @org.jspecify.annotations.Nullable String cursor,
			@Parameter(hidden = true) Caller caller) {
		Webhook webhook = owned(caller, partnerId, webhookId);
		int size = (limit != null) ? limit : 50;
		if (size < 1 || size > 200) {
			throw new Webhooks.Refused("limit", "'limit' must be between 1 and 200");
		}
		Long afterSeq = null;
		if (cursor != null) {
			try {
				afterSeq = Long.parseLong(new String(java.util.Base64.getUrlDecoder().decode(cursor),
						java.nio.charset.StandardCharsets.UTF_8));
			}
			catch (RuntimeException ex) {
				throw new Webhooks.Refused("cursor", "'cursor' is not a cursor of this log");
			}
		}
		List<DeliveryLog.Delivery> rows = deliveryLog().page(webhook.id(), afterSeq, size + 1);
		String next = null;
		if (rows.size() > size) {
			rows = rows.subList(0, size);
			DeliveryLog.Delivery last = rows.get(size - 1);
			next = java.util.Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(Long.toString(last.seq()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		return new WebhookBodies.DeliveryPage(rows.stream().map(WebhookBodies.DeliveryItem::of).toList(), next);
	}

	@PostMapping(path = BASE + "/{webhookId}/deliveries/{deliveryId}/replay",
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "replayWebhookDelivery", summary = "Send a delivery again",
			description = "The same notification, with the same Tracking-Webhook-Id, is sent again now (signed anew), "
					+ "whether it was delivered or given up; it is retried like a new one.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "202", description = "It will be sent")
	@ApiResponse(responseCode = "404", description = "No such webhook or delivery for this caller",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<WebhookBodies.Accepted> replay(@PathVariable String partnerId, @PathVariable UUID webhookId,
			@PathVariable UUID deliveryId, @Parameter(hidden = true) Caller caller) {
		Webhook webhook = owned(caller, partnerId, webhookId);
		if (!deliveryLog().replay(webhook.id(), deliveryId, this.clock.instant())) {
			throw new NotFound("No delivery " + deliveryId + " of webhook " + webhookId);
		}
		return ResponseEntity.accepted().body(new WebhookBodies.Accepted(deliveryId));
	}

	@PostMapping(path = BASE + "/{webhookId}/test", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "testWebhook", summary = "Send a signed ping",
			description = "A notification of kind PING ({\"notificationId\": \"ping:<uuid>\", \"kind\": \"PING\", ...}), "
					+ "signed and logged like any other, to check the endpoint and its verification.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "202", description = "It will be sent")
	@ApiResponse(responseCode = "404", description = "No such webhook for this caller",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<WebhookBodies.Accepted> test(@PathVariable String partnerId, @PathVariable UUID webhookId,
			@Parameter(hidden = true) Caller caller) {
		Webhook webhook = owned(caller, partnerId, webhookId);
		java.time.Instant now = this.clock.instant();
		String id = "ping:" + UUID.randomUUID();
		java.util.Map<String, String> ping = new java.util.LinkedHashMap<>();
		ping.put("notificationId", id);
		ping.put("orderId", "ping");
		ping.put("partnerId", partnerId);
		ping.put("kind", "PING");
		ping.put("at", now.toString());
		String body = PING_JSON.writeValueAsString(ping);
		deliveryLog().add(webhook.id(), id, "ping", "PING", body, now, now);
		UUID deliveryId = deliveryLog().page(webhook.id(), null, 1).get(0).id();
		return ResponseEntity.accepted().body(new WebhookBodies.Accepted(deliveryId));
	}

	@ExceptionHandler(Webhooks.Refused.class)
	ResponseEntity<ProblemDetail> refused(Webhooks.Refused refused) {
		return ResponseEntity.badRequest()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(BadRequests.parameterProblem(refused.field(), refused.getMessage()));
	}

	private Webhooks webhooks() {
		Webhooks available = this.webhooks.getIfAvailable();
		if (available == null) {
			throw new NotConfigured("Webhooks are not configured on this deployment (no operational database)");
		}
		return available;
	}

	private DeliveryLog deliveryLog() {
		webhooks();
		return this.log.getObject();
	}

	private static void manages(Caller caller, String partnerId) {
		String problem = InputBounds.idProblem("partnerId", partnerId);
		if (problem != null) {
			throw new Webhooks.Refused("partnerId", problem);
		}
		if (!caller.isSupport() && !caller.isPartner(partnerId)) {
			throw new NotFound("No webhooks of partner " + partnerId + " for this caller");
		}
	}

	private Webhook owned(Caller caller, String partnerId, UUID webhookId) {
		manages(caller, partnerId);
		return webhooks().find(partnerId, webhookId)
			.orElseThrow(() -> new NotFound("No webhook " + webhookId + " of partner " + partnerId));
	}

}
