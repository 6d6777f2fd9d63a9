package com.acme.tracking.local;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.acme.tracking.access.ShareLinks;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.DeliveryStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints of the local runtime only. {@code POST /dev/tokens} mints a JWT signed with
 * the development key; {@code POST /dev/gc} answers the heap in use after a full
 * collection; {@code GET /dev/static} answers a precomputed body the size of a tracking
 * body with no authentication and no work (the baseline of REST benchmarks).
 */
@RestController
class DevEndpoints {

	private final FleetSimulator simulator;

	private final DeliveryStates deliveries;

	private final ShareLinks shareLinks;

	DevEndpoints(FleetSimulator simulator, DeliveryStates deliveries, ShareLinks shareLinks) {
		this.simulator = simulator;
		this.deliveries = deliveries;
		this.shareLinks = shareLinks;
	}

	private static final byte[] STATIC_BODY = """
			{"orderId":"order-00000000","status":"OUT_FOR_DELIVERY","statusAt":"2026-11-25T12:00:00Z",\
			"courier":{"position":{"lat":-23.561680,"lon":-46.655980,"accuracyMeters":5.0,\
			"recordedAt":"2026-11-25T12:03:00Z","ageSeconds":2,"stale":false}},\
			"destination":{"lat":-23.571680,"lon":-46.645980},"etaSeconds":312,"arriving":false,\
			"arrived":false,"updatedAt":"2026-11-25T12:03:00Z"}""".getBytes(java.nio.charset.StandardCharsets.UTF_8);

	record TokenRequest(String sub, @Nullable List<String> roles, @Nullable String partner_id,
			@Nullable Long ttlSeconds) {
	}

	@PostMapping("/dev/tokens")
	Map<String, String> token(@RequestBody TokenRequest request) {
		long ttl = (request.ttlSeconds() != null) ? request.ttlSeconds() : Duration.ofHours(12).toSeconds();
		return Map.of("token", DevKeys.token(request.sub(), (request.roles() != null) ? request.roles() : List.of(),
				request.partner_id(), Duration.ofSeconds(ttl)));
	}

	/**
	 * Runs a full garbage collection and answers the heap in use after it, in bytes (the
	 * memory figures of the benchmarks: bytes per idle WebSocket session, bounded memory
	 * with stalled clients).
	 */
	@PostMapping("/dev/gc")
	Map<String, Long> heapAfterGc() {
		System.gc();
		return Map.of("heapUsedBytes",
				java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
	}

	/** A simulated order the start page links to, by share link. */
	record SimulatedOrder(String orderId, DeliveryStatus status, @Nullable String customerId, String watch) {
	}

	/**
	 * The simulator's newest orders that have not ended (at most 8), each with a share
	 * link to watch it: the start page of the local runtime lists them.
	 */
	@GetMapping("/dev/orders")
	List<SimulatedOrder> simulatedOrders() {
		Instant now = Instant.now();
		return this.simulator.recentOrders()
			.stream()
			.map(this.deliveries::find)
			.flatMap(java.util.Optional::stream)
			.filter((delivery) -> !delivery.status().ended())
			.limit(8)
			.map((delivery) -> new SimulatedOrder(delivery.orderId(), delivery.status(), delivery.customerId(),
					"/track/" + this.shareLinks.issue(delivery.orderId(), now)))
			.toList();
	}

	@GetMapping(path = "/dev/static", produces = MediaType.APPLICATION_JSON_VALUE)
	byte[] staticBody() {
		return STATIC_BODY;
	}

}
