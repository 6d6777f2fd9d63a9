package com.acme.tracking.delivery.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import com.acme.tracking.RequiredEnvironment;
import com.acme.tracking.access.AccessSettings;
import com.acme.tracking.access.AuditLog;
import com.acme.tracking.access.Caller;
import com.acme.tracking.access.ShareLinks;
import com.acme.tracking.courier.Position;
import com.acme.tracking.delivery.Audience;
import com.acme.tracking.delivery.Delivery;
import com.acme.tracking.delivery.DeliveryEventReceived;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.DeliveryStatus;
import com.acme.tracking.delivery.Tracking;
import com.acme.tracking.delivery.RenderedTracking;
import com.acme.tracking.delivery.OrderTracking;
import com.acme.tracking.shared.GeoPoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The tracking endpoints' own rules, over Spring MVC and the real security chain, with
 * the hot state replaced: what is 404 (always the same problem, whether the order does
 * not exist or the caller may not see it), share links that are issued and honoured, and
 * conditional requests. Who may see what of an order is tested in
 * {@code CourierVisibilityTests} and {@code TrackingBodyTests}, the whole path against
 * real servers in {@link OrderTrackingTests}.
 */
@WebMvcTest(controllers = TrackingController.class,
		// the history module's advice is not part of these endpoints
		excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "com\\.acme\\.tracking\\.history\\..*"),
		properties = "tracking.access.rate-limit-burst=100000")
@ActiveProfiles(RequiredEnvironment.LOCAL_PROFILE)
class TrackingControllerTests {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	@Autowired
	MockMvcTester mvc;

	@Autowired
	ShareLinks shareLinks;

	@MockitoBean
	OrderTracking tracking;

	@MockitoBean
	DeliveryStates deliveries;

	@MockitoBean
	JwtDecoder decoder;

	@Test
	void anOrderTheCallerMayNotSeeIsThe404OfAnOrderThatDoesNotExist() {
		Delivery order = delivery("o-1", "customer-1", DeliveryStatus.PICKED_UP);
		given(this.tracking.find(eq("o-1"), any())).willAnswer((call) -> {
			Caller caller = call.getArgument(1);
			return caller.id().equals("customer-1") ? Optional.of(snapshot(order, null)) : Optional.empty();
		});
		given(this.tracking.find(eq("o-404"), any())).willReturn(Optional.empty());

		assertThat(this.mvc.get().uri("/v1/orders/o-1/tracking").with(customer("customer-1"))).hasStatusOk();
		MvcTestResult stranger = this.mvc.get().uri("/v1/orders/o-1/tracking").with(customer("customer-2")).exchange();
		MvcTestResult missing = this.mvc.get().uri("/v1/orders/o-404/tracking").with(customer("customer-2")).exchange();

		assertThat(stranger).hasStatus(HttpStatus.NOT_FOUND).hasContentType("application/problem+json");
		assertThat(missing).hasStatus(HttpStatus.NOT_FOUND).hasContentType("application/problem+json");
		assertThat(stranger).bodyJson().extractingPath("$.detail").isEqualTo("No order o-1");
		assertThat(missing).bodyJson().extractingPath("$.detail").isEqualTo("No order o-404");
		assertThat(stranger.getResponse().getHeaderNames())
			.containsExactlyInAnyOrderElementsOf(missing.getResponse().getHeaderNames());
	}

	@Test
	void theLocationIs404WhileTheCallerMaySeeTheOrderButNoPosition() {
		Delivery order = delivery("o-1", "customer-1", DeliveryStatus.COURIER_ASSIGNED);
		given(this.tracking.find(eq("o-1"), any())).willReturn(Optional.of(snapshot(order, null)));

		assertThat(this.mvc.get().uri("/v1/orders/o-1/location").with(customer("customer-1")))
			.hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("Order o-1 has no location to show now");

		Position fix = new Position("courier-1", new GeoPoint(-23.5, -46.6), 5f, null, null, NOW.minusSeconds(3));
		given(this.tracking.find(eq("o-1"), any())).willReturn(Optional.of(snapshot(order, fix)));
		assertThat(this.mvc.get().uri("/v1/orders/o-1/location").with(customer("customer-1"))).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo(
					"{\"orderId\":\"o-1\",\"lat\":-23.5,\"lon\":-46.6,\"recordedAt\":\"2026-11-25T11:59:57Z\"}");
	}

	@Test
	void theTrackingBodyCarriesItsEtagAndAMatchingIfNoneMatchGets304() {
		Delivery order = delivery("o-1", "customer-1", DeliveryStatus.PICKED_UP);
		given(this.tracking.find(eq("o-1"), any())).willReturn(Optional.of(snapshot(order, null)));

		MvcTestResult first = this.mvc.get().uri("/v1/orders/o-1/tracking").with(customer("customer-1")).exchange();
		assertThat(first).hasStatusOk()
			.hasHeader(HttpHeaders.ETAG, "W/\"7.0.0.C\"")
			.hasHeader(HttpHeaders.CACHE_CONTROL, "no-cache, private");
		assertThat(this.mvc.get()
			.uri("/v1/orders/o-1/tracking")
			.header(HttpHeaders.IF_NONE_MATCH, "W/\"7.0.0.C\"")
			.with(customer("customer-1"))).hasStatus(HttpStatus.NOT_MODIFIED).body().isEmpty();
		assertThat(this.mvc.get()
			.uri("/v1/orders/o-1/tracking")
			.header(HttpHeaders.IF_NONE_MATCH, "W/\"6.0.0.C\"")
			.with(customer("customer-1"))).hasStatusOk();
	}

	@Test
	void onlyTheOwnerAndSupportMayShareAndAnyoneElseGetsTheUsual404() {
		given(this.deliveries.find("o-1"))
			.willReturn(Optional.of(delivery("o-1", "customer-1", DeliveryStatus.PICKED_UP)));
		given(this.deliveries.find("o-404")).willReturn(Optional.empty());

		assertThat(this.mvc.post().uri("/v1/orders/o-1/share-links").with(customer("customer-1")))
			.hasStatus(HttpStatus.CREATED);
		assertThat(this.mvc.post().uri("/v1/orders/o-1/share-links").with(support("agent-1")))
			.hasStatus(HttpStatus.CREATED);
		MvcTestResult stranger = this.mvc.post()
			.uri("/v1/orders/o-1/share-links")
			.with(customer("customer-2"))
			.exchange();
		MvcTestResult partner = this.mvc.post().uri("/v1/orders/o-1/share-links").with(partner("partner-1")).exchange();
		MvcTestResult missing = this.mvc.post()
			.uri("/v1/orders/o-404/share-links")
			.with(customer("customer-2"))
			.exchange();
		for (MvcTestResult refused : List.of(stranger, partner, missing)) {
			assertThat(refused).hasStatus(HttpStatus.NOT_FOUND).hasContentType("application/problem+json");
		}
		assertThat(stranger).bodyJson().extractingPath("$.detail").isEqualTo("No order o-1");
		assertThat(partner).bodyJson().extractingPath("$.detail").isEqualTo("No order o-1");
	}

	@Test
	void aShareLinkIssuedHereOpensTheTrackingOfItsOrderWithoutABearerToken() {
		Delivery order = delivery("o-1", "customer-1", DeliveryStatus.PICKED_UP);
		given(this.deliveries.find("o-1")).willReturn(Optional.of(order));
		given(this.tracking.find(eq("o-1"), eq(Caller.shareLink("o-1"))))
			.willReturn(Optional.of(snapshot(order, null)));

		MvcTestResult created = this.mvc.post()
			.uri("/v1/orders/o-1/share-links")
			.with(customer("customer-1"))
			.exchange();
		assertThat(created).hasStatus(HttpStatus.CREATED)
			.bodyJson()
			.extractingPath("$.expiresAt")
			.isEqualTo("2026-11-26T12:00:00Z");
		String url = created.getResponse().getHeader(HttpHeaders.LOCATION);
		assertThat(url).startsWith("http://localhost:8080/v1/track/");
		String token = url.substring(url.lastIndexOf('/') + 1);

		assertThat(this.mvc.get().uri("/v1/track/{token}", token)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.orderId")
			.isEqualTo("o-1");
	}

	@Test
	void aForgedShareLinkAndOneWhoseOrderEndedOverAnHourAgoAre404() {
		Delivery ended = delivery("o-1", "customer-1", DeliveryStatus.DELIVERED, NOW.minus(Duration.ofMinutes(61)));
		given(this.tracking.find(eq("o-1"), any())).willReturn(Optional.of(snapshot(ended, null)));
		String genuine = this.shareLinks.issue("o-1", NOW.minus(Duration.ofHours(2)));

		assertThat(this.mvc.get().uri("/v1/track/{token}", genuine)).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("No order for this link");
		String forged = genuine.substring(0, genuine.lastIndexOf('.') + 1) + "AAAA";
		assertThat(this.mvc.get().uri("/v1/track/{token}", forged)).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("No order for this link");
	}

	@Test
	void anOrderThatEndedOverAnHourAgoCanNoLongerBeShared() {
		given(this.deliveries.find("o-1")).willReturn(Optional
			.of(delivery("o-1", "customer-1", DeliveryStatus.DELIVERED, NOW.minus(Duration.ofMinutes(61)))));

		assertThat(this.mvc.post().uri("/v1/orders/o-1/share-links").with(customer("customer-1")))
			.hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void aRequestWithoutABearerTokenIs401WithAProblemAndNoOrderIsLookedUp() {
		assertThat(this.mvc.get().uri("/v1/orders/o-1/tracking")).hasStatus(HttpStatus.UNAUTHORIZED)
			.hasContentType("application/problem+json")
			.containsHeader(HttpHeaders.WWW_AUTHENTICATE);
		verifyNoInteractions(this.tracking);
	}

	@Test
	void aQueryParameterTheEndpointDoesNotTakeIsA400NamingIt() {
		assertThat(this.mvc.get().uri("/v1/orders/o-1/tracking?limt=10").with(customer("customer-1")))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.parameter")
			.isEqualTo("limt");
		verifyNoInteractions(this.tracking);
	}

	private static RequestPostProcessor customer(String id) {
		return SecurityMockMvcRequestPostProcessors.jwt()
			.jwt((jwt) -> jwt.subject(id).claim("roles", List.of("customer")));
	}

	private static RequestPostProcessor partner(String partnerId) {
		return SecurityMockMvcRequestPostProcessors.jwt()
			.jwt((jwt) -> jwt.subject("partner-app").claim("roles", List.of("partner")).claim("partner_id", partnerId));
	}

	private static RequestPostProcessor support(String id) {
		return SecurityMockMvcRequestPostProcessors.jwt()
			.jwt((jwt) -> jwt.subject(id).claim("roles", List.of("support")));
	}

	private static Delivery delivery(String orderId, String customerId, DeliveryStatus status) {
		return delivery(orderId, customerId, status, NOW.minusSeconds(60));
	}

	private static Delivery delivery(String orderId, String customerId, DeliveryStatus status, Instant at) {
		Delivery created = Delivery.start(new DeliveryEventReceived("e-created", orderId, DeliveryStatus.CREATED,
				at.minusSeconds(600), customerId, "partner-1", new GeoPoint(-23.56, -46.65), null, null), NOW);
		return (status == DeliveryStatus.CREATED) ? created : created.apply(
				new DeliveryEventReceived("e-" + status, orderId, status, at, null, null, null, "courier-1", null),
				NOW);
	}

	private static RenderedTracking snapshot(Delivery delivery, @Nullable Position shown) {
		Tracking tracking = new Tracking(delivery.orderId(), delivery.status(), delivery.statusAt(), null,
				delivery.destination(), null, null, null, false, false, delivery.updatedAt());
		return new RenderedTracking(tracking, "W/\"7.0.0.C\"", Audience.CUSTOMER, delivery, shown);
	}

	/** What the slice needs of the rest of the application besides the mocks. */
	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ AccessSettings.class, com.acme.tracking.shared.PrivacySettings.class })
	@Import({ ShareLinks.class, AuditLog.class, com.acme.tracking.shared.CustomerIds.class })
	static class Slice {

		@Bean
		Clock clock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
