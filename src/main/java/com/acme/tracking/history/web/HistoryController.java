package com.acme.tracking.history.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import com.acme.tracking.access.Caller;
import com.acme.tracking.delivery.Audience;
import com.acme.tracking.delivery.CourierVisibility;
import com.acme.tracking.delivery.DeliveryStatus;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.Tracking;
import com.acme.tracking.history.HistoricEvent;
import com.acme.tracking.history.HistoricPosition;
import com.acme.tracking.history.HistorySettings;
import com.acme.tracking.history.Leg;
import com.acme.tracking.history.OrderFilter;
import com.acme.tracking.history.OrderScope;
import com.acme.tracking.history.OrderSummary;
import com.acme.tracking.history.Page;
import com.acme.tracking.history.PageKey;
import com.acme.tracking.history.Trails;
import com.acme.tracking.history.Warehouse;
import com.acme.tracking.shared.CustomerIds;
import com.acme.tracking.shared.GeoPoint;
import com.acme.tracking.shared.InputBounds;
import com.acme.tracking.shared.kafka.IngestSettings;
import com.acme.tracking.shared.web.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** History from the warehouse, under the same who-may-see-what rules as live tracking. */
@RestController
@Tag(name = "History")
class HistoryController {

	private static final Duration DEFAULT_RANGE = Duration.ofDays(1);

	private static final Duration MAX_RANGE = Duration.ofDays(31);

	private static final String FROM = "Start of the time range, ISO-8601 UTC; one day before to by default; "
			+ "at most 31 days before to";

	private static final String TO = "End of the time range (exclusive), ISO-8601 UTC; now by default";

	private static final String LIMIT = "Most items in the page: 1 to tracking.history.max-page-size (1000 by "
			+ "default); tracking.history.default-page-size (100) by default";

	private static final String CURSOR = "The nextCursor of the previous page, with the same other parameters";

	private final Warehouse warehouse;

	private final DeliveryStates deliveries;

	private final HistorySettings settings;

	private final Clock clock;

	private final WarehouseBreaker breaker;

	private final QueriesPerCaller queries;

	private final Cursors cursors;

	private final Duration maxClockSkew;

	private final CustomerIds customers;

	HistoryController(Warehouse warehouse, DeliveryStates deliveries, HistorySettings settings, Clock clock,
			WarehouseBreaker breaker, QueriesPerCaller queries, Cursors cursors, IngestSettings ingest,
			CustomerIds customers) {
		this.warehouse = warehouse;
		this.customers = customers;
		this.breaker = breaker;
		this.deliveries = deliveries;
		this.settings = settings;
		this.clock = clock;
		this.queries = queries;
		this.cursors = cursors;
		this.maxClockSkew = ingest.maxClockSkew();
	}

	@GetMapping(path = "/v1/orders/{orderId}/history", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getOrderHistory", summary = "An order's history",
			description = "The status timeline (each event once, by occurredAt) and the courier's trail between pickup "
					+ "and the end, from the warehouse. maxPoints downsamples the trail keeping its shape. Customers "
					+ "see no courier location from before pickup. arrivedAt is the real arrival (the first "
					+ "DELIVERED event), null until delivered; etaReadings the ETA the order had at each minute "
					+ "from the pickup to the arrival (by at, each once), with errorSeconds = arrivedAt - "
					+ "estimatedArrivalAt (positive: later than said), null until delivered.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "The history")
	@ApiResponse(responseCode = "404", description = "No such order, or one the caller may not see",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	OrderHistory history(@PathVariable String orderId, @Parameter(
			description = "Most trail points to return: the trail is downsampled keeping its shape; "
					+ "more than tracking.history.max-trail-points (5000 by default, also the default here) is "
					+ "served as that many",
			schema = @Schema(type = "integer", format = "int32", minimum = "2", defaultValue = "5000")) @RequestParam(
					required = false) @Nullable Integer maxPoints,
			@Parameter(hidden = true) Caller caller) {
		int points = (maxPoints != null) ? maxPoints : this.settings.maxTrailPoints();
		if (points < 2) {
			throw BadParameter.of("maxPoints", "must be at least 2");
		}
		OrderScope scope = scope(caller, orderId);
		if (scope.isEmpty() || !storable(orderId)) {
			// no role that may read history (or an id nothing can have): no query at all
			throw NotFound.order(orderId);
		}
		return this.queries.run(caller, () -> {
			List<HistoricEvent> timeline = this.breaker.call(() -> this.warehouse.timeline(orderId, scope));
			if (timeline.isEmpty()) {
				throw NotFound.order(orderId);
			}
			HistoricEvent created = timeline.stream()
				.filter((e) -> e.type() == DeliveryStatus.CREATED)
				.findFirst()
				.orElse(null);
			String customerId = (created != null) ? owner(created.customerId(), caller)
					: this.deliveries.find(orderId).map((d) -> d.customerId()).orElse(null);
			String partnerId = (created != null) ? created.partnerId()
					: this.deliveries.find(orderId).map((d) -> d.partnerId()).orElse(null);
			Audience audience = Audience.of(caller, orderId, customerId, partnerId);
			if (audience == null) {
				throw NotFound.order(orderId);
			}
			Instant pickedUpAt = timeline.stream()
				.filter((e) -> e.type().inTransit())
				.map(HistoricEvent::occurredAt)
				.min(Instant::compareTo)
				.orElse(null);
			List<OrderHistory.Step> steps = timeline.stream()
				.map((e) -> new OrderHistory.Step(e.type(), e.occurredAt(),
						showLocation(e, audience, pickedUpAt) ? new GeoPoint(e.locationLat(), e.locationLon()) : null))
				.toList();
			List<OrderHistory.TrailPoint> trail = trail(timeline, pickedUpAt,
					Math.min(points, this.settings.maxTrailPoints()));
			Instant arrivedAt = timeline.stream()
				.filter((e) -> e.type() == DeliveryStatus.DELIVERED)
				.map(HistoricEvent::occurredAt)
				.min(Instant::compareTo)
				.orElse(null);
			List<OrderHistory.EtaReadingItem> readings = this.breaker.call(() -> this.warehouse.etaReadings(orderId))
				.stream()
				.map((r) -> new OrderHistory.EtaReadingItem(r.readAt(), r.estimatedArrivalAt(),
						new Tracking.ArrivalRange(r.earliest(), r.latest()), r.remainingMeters(),
						(arrivedAt != null) ? Duration.between(r.estimatedArrivalAt(), arrivedAt).toMillis() / 1000.0
								: null))
				.toList();
			return new OrderHistory(orderId, steps, trail, arrivedAt, readings);
		});
	}

	@GetMapping(path = "/v1/eta/accuracy", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getEtaAccuracy", summary = "How accurate the ETAs of delivered orders were",
			description = "Support only. Every ETA reading (the ETA given at each minute of a delivery, from the "
					+ "courier's fix) of the orders delivered in [from, to) (their first DELIVERED event), against "
					+ "the real arrival: error = arrival - estimatedArrivalAt (positive: late). Figures of the "
					+ "absolute error in seconds (p50 and p90 interpolated), by bucket of time to arrival, and the "
					+ "share of each bucket's readings within the TransitApp window of that bucket: 0-3m [-30 s, "
					+ "+90 s], 3-6m [-60, +150], 6-10m [-60, +210], 10-15m [-90, +270], 15-30m [-120, +360]; 30m+ "
					+ "has none. score is the mean of those shares over the buckets that have readings. Null "
					+ "figures where there are no readings. from defaults to one day before to, to to now; at "
					+ "most 31 days.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "The accuracy")
	@ApiResponse(responseCode = "404", description = "The caller is not support",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	EtaAccuracyBody etaAccuracy(
			@Parameter(description = "Start of the DELIVERED time range, ISO-8601 UTC; one day before to by default",
					schema = @Schema(type = "string", format = "date-time")) @RequestParam(
							required = false) @Nullable String from,
			@Parameter(description = "End of the DELIVERED time range (exclusive), ISO-8601 UTC; now by default",
					schema = @Schema(type = "string", format = "date-time")) @RequestParam(
							required = false) @Nullable String to,
			@Parameter(hidden = true) Caller caller) {
		if (!caller.isSupport()) {
			throw new NotFound("Not found");
		}
		Range range = range(from, to);
		return EtaAccuracyBody.of(this.queries.run(caller,
				() -> this.breaker.call(() -> this.warehouse.etaAccuracy(range.from(), range.to()))));
	}

	/**
	 * Whose orders this caller's history query may return. Support: any. An order the hot
	 * state holds and shows to this caller: that one (its {@code CREATED} event may not
	 * be in the warehouse yet). Otherwise the caller's own orders as customer or partner
	 * — a predicate of the query, so an order of someone else costs the same query as one
	 * that does not exist; and none for a caller with neither role.
	 */
	/**
	 * The customer of an order as the warehouse stores it, read for this caller: the
	 * caller's own id when the warehouse holds it as the caller's pseudonym
	 * ({@code tracking.privacy.pseudonymise-customers}) and the caller is not erased.
	 */
	private @Nullable String owner(@Nullable String stored, Caller caller) {
		if (stored != null && CustomerIds.isPseudonym(stored) && caller.roles().contains(Caller.Role.CUSTOMER)
				&& this.customers.available() && !this.customers.erased(caller.id())
				&& stored.equals(this.customers.pseudonym(caller.id()))) {
			return caller.id();
		}
		return stored;
	}

	private OrderScope scope(Caller caller, String orderId) {
		if (caller.isSupport()) {
			return OrderScope.any();
		}
		String customer = caller.roles().contains(Caller.Role.CUSTOMER) ? caller.id() : null;
		String partner = caller.roles().contains(Caller.Role.PARTNER) ? caller.partnerId() : null;
		if (customer == null && partner == null) {
			return OrderScope.of(null, null);
		}
		boolean shownLive = this.deliveries.find(orderId)
			.map((d) -> Audience.of(caller, orderId, d.customerId(), d.partnerId()) != null)
			.orElse(false);
		return shownLive ? OrderScope.any() : OrderScope.of(customer, partner);
	}

	@GetMapping(path = "/v1/couriers/{courierId}/positions", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getCourierPositions", summary = "A courier's positions over a time range",
			description = "Support only. Oldest first, cursor-paginated: pass nextCursor back as cursor until it is "
					+ "null. from defaults to one day before to, to to now; at most 31 days.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "A page of positions")
	@ApiResponse(responseCode = "404", description = "The caller is not support",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	PageBody<PositionItem> positions(@PathVariable String courierId,
			@Parameter(description = FROM, schema = @Schema(type = "string", format = "date-time")) @RequestParam(
					required = false) @Nullable String from,
			@Parameter(description = TO, schema = @Schema(type = "string", format = "date-time")) @RequestParam(
					required = false) @Nullable String to,
			@Parameter(description = LIMIT,
					schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "1000",
							defaultValue = "100")) @RequestParam(required = false) @Nullable Integer limit,
			@Parameter(description = CURSOR) @RequestParam(required = false) @Nullable String cursor,
			@Parameter(hidden = true) Caller caller) {
		if (!caller.isSupport() || !storable(courierId)) {
			throw new NotFound("No courier " + courierId);
		}
		Range range = range(from, to);
		String query = "positions\u0000" + courierId;
		PageKey after = cursor(cursor, query);
		int size = limit(limit);
		Page<HistoricPosition> page = this.queries.run(caller, () -> this.breaker
			.call(() -> this.warehouse.positions(courierId, range.from(), range.to(), size, after)));
		return new PageBody<>(page.items().stream().map(PositionItem::of).toList(),
				(page.next() != null) ? this.cursors.issue(page.next(), query) : null);
	}

	@GetMapping(path = "/v1/orders", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "searchOrders", summary = "Search orders in history",
			description = "Support: any orders; a partner: only its own (partnerId is its own). Orders created in "
					+ "[from, to), oldest first, cursor-paginated. With a status filter a page may hold fewer than "
					+ "limit items: follow nextCursor until it is null.",
			security = @SecurityRequirement(name = "bearer"))
	@ApiResponse(responseCode = "200", description = "A page of orders")
	@ApiResponse(responseCode = "404", description = "The caller is neither support nor a partner",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	PageBody<OrderSummary> orders(
			@Parameter(description = "Orders of this customer",
					schema = @Schema(type = "string", maxLength = InputBounds.MAX_ID_LENGTH)) @RequestParam(
							required = false) @Nullable String customerId,
			@Parameter(description = "Orders of this partner (a partner: only its own)",
					schema = @Schema(type = "string", maxLength = InputBounds.MAX_ID_LENGTH)) @RequestParam(
							required = false) @Nullable String partnerId,
			@Parameter(description = "Orders in this status now (as far as their events go); case does not matter",
					schema = @Schema(type = "string",
							allowableValues = { "CREATED", "COURIER_ASSIGNED", "PICKED_UP", "OUT_FOR_DELIVERY",
									"DELIVERED", "CANCELLED" })) @RequestParam(
											required = false) @Nullable String status,
			@Parameter(description = FROM, schema = @Schema(type = "string", format = "date-time")) @RequestParam(
					required = false) @Nullable String from,
			@Parameter(description = TO, schema = @Schema(type = "string", format = "date-time")) @RequestParam(
					required = false) @Nullable String to,
			@Parameter(description = LIMIT,
					schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "1000",
							defaultValue = "100")) @RequestParam(required = false) @Nullable Integer limit,
			@Parameter(description = CURSOR) @RequestParam(required = false) @Nullable String cursor,
			@Parameter(hidden = true) Caller caller) {
		idParameter("customerId", customerId);
		idParameter("partnerId", partnerId);
		String partner = partnerId;
		if (!caller.isSupport()) {
			if (!caller.roles().contains(Caller.Role.PARTNER) || caller.partnerId() == null) {
				throw new NotFound("Not found");
			}
			if (partnerId != null && !partnerId.equals(caller.partnerId())) {
				return new PageBody<>(List.of(), null);
			}
			partner = caller.partnerId();
		}
		DeliveryStatus wanted = null;
		if (status != null) {
			try {
				wanted = DeliveryStatus.valueOf(status.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw BadParameter.of("status", "must be one of " + java.util.Arrays.toString(DeliveryStatus.values()));
			}
		}
		Range range = range(from, to);
		String query = "orders\u0000" + customerId + "\u0000" + partner + "\u0000" + wanted;
		PageKey after = cursor(cursor, query);
		int size = limit(limit);
		OrderFilter filter = new OrderFilter(customerId, partner, wanted, range.from(), range.to());
		Page<OrderSummary> page = this.queries.run(caller,
				() -> this.breaker.call(() -> this.warehouse.orders(filter, size, after)));
		return new PageBody<>(page.items(), (page.next() != null) ? this.cursors.issue(page.next(), query) : null);
	}

	private List<OrderHistory.TrailPoint> trail(List<HistoricEvent> timeline, @Nullable Instant pickedUpAt, int max) {
		if (pickedUpAt == null) {
			return List.of();
		}
		Instant end = timeline.stream()
			.filter((e) -> e.type().ended())
			.map(HistoricEvent::occurredAt)
			.findFirst()
			.orElseGet(this.clock::instant);
		List<Leg> legs = Leg.carried(timeline, pickedUpAt, end);
		List<HistoricPosition> track = this.breaker.call(() -> this.warehouse.trail(legs, 100_000));
		return Trails.simplify(track, max, HistoricPosition::lon, HistoricPosition::lat)
			.stream()
			.map((p) -> new OrderHistory.TrailPoint(p.lat(), p.lon(), p.recordedAt()))
			.toList();
	}

	private static boolean showLocation(HistoricEvent event, Audience audience, @Nullable Instant pickedUpAt) {
		return event.locationLat() != null && event.locationLon() != null
				&& CourierVisibility.showsLocationAt(audience, event.occurredAt(), pickedUpAt);
	}

	private Range range(@Nullable String from, @Nullable String to) {
		Instant now = this.clock.instant();
		Instant end = (to != null) ? time("to", to, now) : now;
		Instant start = (from != null) ? time("from", from, now) : end.minus(DEFAULT_RANGE);
		if (!start.isBefore(end)) {
			throw BadParameter.of("from", "must be before to");
		}
		if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
			throw BadParameter.of("from", "the range from..to may span at most 31 days");
		}
		return new Range(start, end);
	}

	private int limit(@Nullable Integer limit) {
		if (limit == null) {
			return this.settings.defaultPageSize();
		}
		if (limit < 1 || limit > this.settings.maxPageSize()) {
			throw BadParameter.of("limit", "must be between 1 and " + this.settings.maxPageSize());
		}
		return limit;
	}

	private @Nullable PageKey cursor(@Nullable String cursor, String query) {
		if (cursor == null || cursor.isEmpty()) {
			return null;
		}
		return this.cursors.read(cursor, query);
	}

	/**
	 * A time parameter: ISO-8601, and within the times the service holds (DESIGN.md,
	 * Inputs: from 2000-01-01 to now plus the allowed clock skew).
	 */
	private Instant time(String name, String value, Instant now) {
		Instant time;
		try {
			time = Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw BadParameter.of(name, "must be an ISO-8601 UTC time such as 2026-11-25T12:00:00Z");
		}
		if (InputBounds.timeProblem(name, time, now, this.maxClockSkew) != null) {
			throw BadParameter.of(name, "must lie between " + InputBounds.EARLIEST + " and now plus "
					+ this.maxClockSkew.toSeconds() + " s");
		}
		return time;
	}

	private record Range(Instant from, Instant to) {
	}

	/** Whether an id could be in the warehouse (DESIGN.md, Inputs: the id bounds). */
	private static boolean storable(String id) {
		return InputBounds.idProblem("id", id) == null;
	}

	private static void idParameter(String name, @Nullable String value) {
		if (value != null && !storable(value)) {
			throw BadParameter.of(name,
					"is not an id: at most " + InputBounds.MAX_ID_LENGTH + " characters, no control characters");
		}
	}

}
