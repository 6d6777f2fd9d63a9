package com.acme.tracking.delivery.web;

import java.time.Clock;
import java.time.Instant;

import com.acme.tracking.access.Caller;
import com.acme.tracking.access.ShareLinks;
import com.acme.tracking.delivery.Delivery;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.Tracking;
import com.acme.tracking.delivery.RenderedTracking;
import com.acme.tracking.delivery.OrderTracking;
import com.acme.tracking.shared.web.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** Live tracking of one order, for its customer, its partner, support and share links. */
@RestController
@Tag(name = "Live tracking")
class TrackingController {

	private final OrderTracking tracking;

	private final DeliveryStates deliveries;

	private final ShareLinks shareLinks;

	private final Clock clock;

	TrackingController(OrderTracking tracking, DeliveryStates deliveries, ShareLinks shareLinks, Clock clock) {
		this.tracking = tracking;
		this.deliveries = deliveries;
		this.shareLinks = shareLinks;
		this.clock = clock;
	}

	@GetMapping(path = "/v1/orders/{orderId}/tracking", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getOrderTracking", summary = "An order's live tracking",
			description = "Status, the courier's position when the caller may see it (customers: between pickup and "
					+ "the end, never the courier's id), destination, ETA, arriving/arrived. Answers 304 to a matching "
					+ "If-None-Match.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "The tracking body")
	@ApiResponse(responseCode = "304", description = "Not modified since the ETag given in If-None-Match",
			content = @Content)
	@ApiResponse(responseCode = "404", description = "No such order, or one the caller may not see",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<Tracking> tracking(@PathVariable String orderId, @Parameter(hidden = true) Caller caller,
			WebRequest request) {
		RenderedTracking rendered = visible(orderId, caller);
		return conditional(rendered, request);
	}

	@GetMapping(path = "/v1/orders/{orderId}/location", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getOrderLocation", summary = "An order's last known location",
			description = "The courier's position under the same rules as the tracking body; 404 while there is none "
					+ "the caller may see.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "The location")
	@ApiResponse(responseCode = "404", description = "No such order, one the caller may not see, or no location yet",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	OrderLocation location(@PathVariable String orderId, @Parameter(hidden = true) Caller caller) {
		RenderedTracking rendered = visible(orderId, caller);
		if (rendered.shownPosition() == null) {
			throw new NotFound("Order " + orderId + " has no location to show now");
		}
		var position = rendered.shownPosition();
		return new OrderLocation(orderId, position.point().lat(), position.point().lon(), position.recordedAt());
	}

	@PostMapping(path = "/v1/orders/{orderId}/share-links", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "createShareLink", summary = "Share an order's tracking",
			description = "A signed link that shows this one order's tracking (as its customer sees it) to anyone "
					+ "holding it, until one hour after the order ends. Owner customer and support only.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "201", description = "The link",
			headers = @Header(name = "Location", required = true, description = "The link's url",
					schema = @Schema(type = "string", format = "uri")))
	@ApiResponse(responseCode = "404", description = "No such order, or one the caller may not share",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<ShareLink> share(@PathVariable String orderId, @Parameter(hidden = true) Caller caller) {
		Delivery delivery = this.deliveries.find(orderId)
			.filter((d) -> caller.isSupport() || caller.owns(d.customerId()))
			.orElseThrow(() -> NotFound.order(orderId));
		Instant now = this.clock.instant();
		if (!this.shareLinks.shows(now, delivery.endedAt(), now)) {
			throw NotFound.order(orderId);
		}
		String token = this.shareLinks.issue(orderId, now);
		ShareLink link = new ShareLink(token, this.shareLinks.url(token),
				this.shareLinks.expiresAt(now, delivery.endedAt()));
		return ResponseEntity.status(HttpStatus.CREATED).location(java.net.URI.create(link.url())).body(link);
	}

	@GetMapping(path = "/v1/track/{token}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getSharedTracking", summary = "The tracking of a shared order",
			description = "No bearer token: the share-link token is the credential. Shows what the order's customer "
					+ "sees. 404 for a token that is not genuine or has expired.")
	@ApiResponse(responseCode = "200", description = "The tracking body")
	@ApiResponse(responseCode = "304", description = "Not modified since the ETag given in If-None-Match",
			content = @Content)
	@ApiResponse(responseCode = "404", description = "Not a genuine token, expired, or the order is gone",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<Tracking> shared(@PathVariable String token, WebRequest request) {
		Instant now = this.clock.instant();
		ShareLinks.SharedOrder shared = this.shareLinks.verify(token)
			.orElseThrow(() -> NotFound.order("for this link"));
		RenderedTracking rendered = this.tracking.find(shared.orderId(), Caller.shareLink(shared.orderId()))
			.filter((s) -> this.shareLinks.shows(shared.issuedAt(), s.delivery().endedAt(), now))
			.orElseThrow(() -> NotFound.order("for this link"));
		return conditional(rendered, request);
	}

	private RenderedTracking visible(String orderId, Caller caller) {
		return this.tracking.find(orderId, caller).orElseThrow(() -> NotFound.order(orderId));
	}

	private static ResponseEntity<Tracking> conditional(RenderedTracking rendered, WebRequest request) {
		if (request.checkNotModified(rendered.etag())) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
				.eTag(rendered.etag())
				.cacheControl(CacheControl.noCache().cachePrivate())
				.build();
		}
		return ResponseEntity.ok()
			.eTag(rendered.etag())
			.cacheControl(CacheControl.noCache().cachePrivate())
			.body(rendered.tracking());
	}

}
