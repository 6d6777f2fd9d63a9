package com.acme.tracking.courier.web;

import java.time.Clock;
import java.time.Instant;

import com.acme.tracking.access.Caller;
import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.CourierSettings;
import com.acme.tracking.courier.Position;
import com.acme.tracking.shared.web.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Where a courier is now: support only; to anyone else the courier does not exist. */
@RestController
@Tag(name = "Live tracking")
class CourierLocationController {

	private final CourierPositions positions;

	private final Clock clock;

	private final CourierSettings settings;

	CourierLocationController(CourierPositions positions, Clock clock, CourierSettings settings) {
		this.positions = positions;
		this.clock = clock;
		this.settings = settings;
	}

	@GetMapping(path = "/v1/couriers/{courierId}/location", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getCourierLocation", summary = "A courier's live position", description = "Support only.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "The position")
	@ApiResponse(responseCode = "404", description = "No such courier, no position, or the caller is not support",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	CourierLocation location(@PathVariable String courierId, @Parameter(hidden = true) Caller caller) {
		if (!caller.isSupport()) {
			throw new NotFound("No courier " + courierId);
		}
		Position position = this.positions.find(courierId)
			.orElseThrow(() -> new NotFound("No courier " + courierId))
			.position();
		Instant now = this.clock.instant();
		return new CourierLocation(courierId, position.point().lat(), position.point().lon(), position.accuracyMeters(),
				position.speedMetersPerSecond(), position.headingDegrees(), position.recordedAt(),
				CourierSettings.ageSeconds(position, now), this.settings.stale(position, now));
	}

}
