package com.acme.tracking.history.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import com.acme.tracking.RequiredEnvironment;
import com.acme.tracking.access.AccessSettings;
import com.acme.tracking.access.AuditLog;
import com.acme.tracking.access.ShareLinks;
import com.acme.tracking.delivery.Delivery;
import com.acme.tracking.delivery.DeliveryEventReceived;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.DeliveryStatus;
import com.acme.tracking.history.HistoricEvent;
import com.acme.tracking.history.HistoricPosition;
import com.acme.tracking.history.HistorySettings;
import com.acme.tracking.history.OrderFilter;
import com.acme.tracking.history.OrderScope;
import com.acme.tracking.history.Page;
import com.acme.tracking.history.PageKey;
import com.acme.tracking.history.Warehouse;
import com.acme.tracking.shared.GeoPoint;
import com.acme.tracking.shared.kafka.IngestSettings;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The history endpoints' parameters and 404 rules, over Spring MVC and the real security
 * chain, with the warehouse and the hot state replaced: a bad parameter is a 400 problem
 * naming it and costs no query; what a parameter left out means; who gets the 404 of an
 * order that does not exist, and which of those 404s are decided before any SQL. The same
 * endpoints against the real warehouse are {@code HistoryTests} and
 * {@code HistoryAccessTests}.
 */
@WebMvcTest(controllers = HistoryController.class, properties = "tracking.access.rate-limit-burst=100000")
@ActiveProfiles(RequiredEnvironment.LOCAL_PROFILE)
class HistoryControllerTests {

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	static final String POSITIONS = "/v1/couriers/courier-1/positions";

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	Warehouse warehouse;

	@MockitoBean
	DeliveryStates deliveries;

	@MockitoBean
	JwtDecoder decoder;

	@Test
	void aBadTimeIsA400NamingTheParameterAndNoQueryIsMade() {
		String[][] cases = { { POSITIONS + "?from=yesterday", "from" }, { POSITIONS + "?to=2026-11-25", "to" },
				{ POSITIONS + "?from=1999-12-31T23:59:59Z", "from" }, { POSITIONS + "?to=2026-11-25T12:06:00Z", "to" },
				{ POSITIONS + "?from=2026-11-25T12:00:00Z&to=2026-11-25T11:00:00Z", "from" },
				{ POSITIONS + "?from=2026-11-25T11:00:00Z&to=2026-11-25T11:00:00Z", "from" },
				{ POSITIONS + "?from=2026-10-24T11:59:59Z&to=2026-11-25T12:00:00Z", "from" },
				{ "/v1/orders?from=yesterday", "from" }, { "/v1/orders?to=-200000-01-01T00:00:00Z", "to" } };
		for (String[] c : cases) {
			assertNamesParameter(this.mvc.get().uri(c[0]).with(support()).exchange(), c[1], c[0]);
		}
		verifyNoInteractions(this.warehouse);
	}

	@Test
	void aTimeWithinTheAllowedClockSkewIsAccepted() {
		given(this.warehouse.positions(any(), any(), any(), anyInt(), any())).willReturn(new Page<>(List.of(), null));

		assertThat(this.mvc.get().uri(POSITIONS + "?to=2026-11-25T12:04:59Z").with(support())).hasStatusOk();
		verify(this.warehouse).positions("courier-1", Instant.parse("2026-11-24T12:04:59Z"),
				Instant.parse("2026-11-25T12:04:59Z"), 100, null);
	}

	@Test
	void withoutFromAndToTheRangeIsTheDayUntilNowAndAtMost31DaysMayBeAskedFor() {
		given(this.warehouse.positions(any(), any(), any(), anyInt(), any())).willReturn(new Page<>(List.of(), null));

		assertThat(this.mvc.get().uri(POSITIONS).with(support())).hasStatusOk();
		verify(this.warehouse).positions("courier-1", NOW.minus(Duration.ofDays(1)), NOW, 100, null);

		assertThat(this.mvc.get().uri(POSITIONS + "?from=2026-10-25T12:00:00Z").with(support())).hasStatusOk();
		verify(this.warehouse).positions("courier-1", Instant.parse("2026-10-25T12:00:00Z"), NOW, 100, null);
	}

	@Test
	void limitIsBetweenOneAndTheMaximumPageSizeAndDefaultsToAHundred() {
		for (String limit : List.of("0", "-1", "1001", "ten", "1.5")) {
			assertNamesParameter(this.mvc.get().uri(POSITIONS + "?limit=" + limit).with(support()).exchange(), "limit",
					limit);
			assertNamesParameter(this.mvc.get().uri("/v1/orders?limit=" + limit).with(support()).exchange(), "limit",
					limit);
		}
		verifyNoInteractions(this.warehouse);

		given(this.warehouse.positions(any(), any(), any(), anyInt(), any())).willReturn(new Page<>(List.of(), null));
		assertThat(this.mvc.get().uri(POSITIONS + "?limit=1000").with(support())).hasStatusOk();
		verify(this.warehouse).positions(eq("courier-1"), any(), any(), eq(1000), isNull());
	}

	@Test
	void statusIsAStatusNameInAnyCaseAndAnythingElseIsA400ListingTheNames() {
		given(this.warehouse.orders(any(), anyInt(), any())).willReturn(new Page<>(List.of(), null));

		assertThat(this.mvc.get().uri("/v1/orders?status=delivered").with(support())).hasStatusOk();
		ArgumentCaptor<OrderFilter> filter = ArgumentCaptor.forClass(OrderFilter.class);
		verify(this.warehouse).orders(filter.capture(), eq(100), isNull());
		assertThat(filter.getValue().status()).isEqualTo(DeliveryStatus.DELIVERED);

		MvcTestResult lost = this.mvc.get().uri("/v1/orders?status=LOST").with(support()).exchange();
		assertNamesParameter(lost, "status", "LOST");
		assertThat(lost).bodyJson().extractingPath("$.detail").asString().contains("OUT_FOR_DELIVERY");
	}

	@Test
	void aCursorIsHonouredOnlyForTheQueryThatIssuedIt() throws Exception {
		PageKey last = new PageKey(NOW.minusSeconds(30), 2, 77L);
		given(this.warehouse.positions(any(), any(), any(), anyInt(), any()))
			.willReturn(new Page<>(List.of(position(last)), last));

		MvcTestResult first = this.mvc.get().uri(POSITIONS + "?limit=1").with(support()).exchange();
		assertThat(first).hasStatusOk();
		String cursor = JsonPath.read(first.getResponse().getContentAsString(), "$.nextCursor");
		char tenth = cursor.charAt(10);
		String edited = cursor.substring(0, 10) + ((tenth == 'A') ? 'B' : 'A') + cursor.substring(11);

		assertThat(this.mvc.get().uri(POSITIONS + "?limit=1&cursor=" + cursor).with(support())).hasStatusOk();
		verify(this.warehouse).positions(eq("courier-1"), any(), any(), eq(1), eq(last));

		assertNamesParameter(
				this.mvc.get().uri("/v1/couriers/courier-2/positions?cursor=" + cursor).with(support()).exchange(),
				"cursor", "another courier");
		assertNamesParameter(this.mvc.get().uri("/v1/orders?cursor=" + cursor).with(support()).exchange(), "cursor",
				"another endpoint");
		assertNamesParameter(this.mvc.get().uri(POSITIONS + "?cursor=" + edited).with(support()).exchange(), "cursor",
				"edited");
	}

	@Test
	void onlySupportSeesACouriersPositionsAndEveryoneElseGetsA404WithoutAQuery() {
		for (RequestPostProcessor caller : List.of(customer("customer-1"), partner("partner-1"))) {
			assertThat(this.mvc.get().uri(POSITIONS).with(caller)).hasStatus(HttpStatus.NOT_FOUND)
				.hasContentType("application/problem+json")
				.bodyJson()
				.extractingPath("$.detail")
				.isEqualTo("No courier courier-1");
		}
		String tooLong = "c".repeat(129);
		assertThat(this.mvc.get().uri("/v1/couriers/" + tooLong + "/positions").with(support()))
			.hasStatus(HttpStatus.NOT_FOUND);
		verifyNoInteractions(this.warehouse);
	}

	@Test
	void aCallerWithNoRoleThatMayReadHistoryGetsTheUsual404WithoutAQuery() {
		RequestPostProcessor courierApp = SecurityMockMvcRequestPostProcessors.jwt()
			.jwt((jwt) -> jwt.subject("courier-7").claim("roles", List.of("courier")));

		assertThat(this.mvc.get().uri("/v1/orders/o-1/history").with(courierApp)).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("No order o-1");
		assertThat(this.mvc.get().uri("/v1/orders").with(customer("customer-1"))).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(this.mvc.get().uri("/v1/orders/" + "o".repeat(129) + "/history").with(support()))
			.hasStatus(HttpStatus.NOT_FOUND);
		verifyNoInteractions(this.warehouse);
	}

	@Test
	void anOrderWhoseHistoryNamesAnotherCustomerIsThe404OfAnOrderThatDoesNotExist() {
		given(this.warehouse.timeline(eq("o-1"), any())).willReturn(timeline("customer-2", "partner-1"));
		given(this.warehouse.timeline(eq("o-404"), any())).willReturn(List.of());

		MvcTestResult notTheirs = this.mvc.get().uri("/v1/orders/o-1/history").with(customer("customer-1")).exchange();
		MvcTestResult missing = this.mvc.get().uri("/v1/orders/o-404/history").with(customer("customer-1")).exchange();

		assertThat(notTheirs).hasStatus(HttpStatus.NOT_FOUND).hasContentType("application/problem+json");
		assertThat(missing).hasStatus(HttpStatus.NOT_FOUND).hasContentType("application/problem+json");
		assertThat(notTheirs).bodyJson().extractingPath("$.detail").isEqualTo("No order o-1");
		assertThat(missing).bodyJson().extractingPath("$.detail").isEqualTo("No order o-404");
		// the customer's ownership is part of the query itself
		verify(this.warehouse).timeline("o-404", OrderScope.of("customer-1", null));
	}

	@Test
	void aPartnersHistoryQueryIsScopedToItsOwnOrders() {
		given(this.warehouse.timeline(eq("o-1"), any())).willReturn(timeline("customer-1", "partner-1"));

		assertThat(this.mvc.get().uri("/v1/orders/o-1/history").with(partner("partner-1"))).hasStatusOk();
		verify(this.warehouse).timeline("o-1", OrderScope.of(null, "partner-1"));
		assertThat(this.mvc.get().uri("/v1/orders?partnerId=partner-2").with(partner("partner-1"))).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"items\":[],\"nextCursor\":null}");
		verify(this.warehouse, never()).orders(any(), anyInt(), any());
	}

	@Test
	void anOrderTheHotStateShowsToTheCustomerIsReadBeforeItsCreationReachesTheWarehouse() {
		given(this.deliveries.find("o-1"))
			.willReturn(Optional.of(Delivery.start(new DeliveryEventReceived("e-1", "o-1", DeliveryStatus.CREATED,
					NOW.minusSeconds(60), "customer-1", "partner-1", new GeoPoint(-23.56, -46.65), null, null), NOW)));
		// only the assignment is in the warehouse yet
		given(this.warehouse.timeline(eq("o-1"), any())).willReturn(List.of(new HistoricEvent("e-2",
				DeliveryStatus.COURIER_ASSIGNED, NOW.minusSeconds(50), null, null, "courier-1", -23.5, -46.6)));

		assertThat(this.mvc.get().uri("/v1/orders/o-1/history").with(customer("customer-1"))).hasStatusOk()
			.bodyJson()
			.extractingPath("$.timeline[0].status")
			.isEqualTo("COURIER_ASSIGNED");
		verify(this.warehouse).timeline("o-1", OrderScope.any());
	}

	@Test
	void aCustomerSeesNoCourierLocationFromBeforeThePickupAndThePartnerDoes() {
		given(this.warehouse.timeline(eq("o-1"), any())).willReturn(timeline("customer-1", "partner-1"));
		given(this.warehouse.trail(any(), anyInt())).willReturn(List
			.of(position(new PageKey(NOW.minusSeconds(100), 0, 1)), position(new PageKey(NOW.minusSeconds(90), 0, 2))));

		MvcTestResult customer = this.mvc.get().uri("/v1/orders/o-1/history").with(customer("customer-1")).exchange();
		assertThat(customer).bodyJson().extractingPath("$.timeline[1].status").isEqualTo("COURIER_ASSIGNED");
		assertThat(customer).bodyJson().extractingPath("$.timeline[1].location").isNull();
		assertThat(customer).bodyJson().extractingPath("$.timeline[2].location.lat").isEqualTo(-23.52);
		assertThat(customer).bodyJson().extractingPath("$.trail.length()").isEqualTo(2);

		MvcTestResult partner = this.mvc.get().uri("/v1/orders/o-1/history").with(partner("partner-1")).exchange();
		assertThat(partner).bodyJson().extractingPath("$.timeline[1].location.lat").isEqualTo(-23.51);
	}

	@Test
	void maxPointsBelowTwoIsA400AndNoQueryIsMade() {
		assertNamesParameter(this.mvc.get().uri("/v1/orders/o-1/history?maxPoints=1").with(support()).exchange(),
				"maxPoints", "1");
		verifyNoInteractions(this.warehouse);
	}

	@Test
	void anIdParameterThatNoRecordCanHaveIsA400NamingIt() {
		assertNamesParameter(this.mvc.get().uri("/v1/orders?customerId=" + "c".repeat(129)).with(support()).exchange(),
				"customerId", "129 characters");
		assertNamesParameter(this.mvc.get().uri("/v1/orders?partnerId={id}", "p\u0001").with(support()).exchange(),
				"partnerId", "a control character");
		verifyNoInteractions(this.warehouse);
	}

	private static void assertNamesParameter(MvcTestResult result, String parameter, String what) {
		assertThat(result).as(what).hasStatus(HttpStatus.BAD_REQUEST).hasContentType("application/problem+json");
		assertThat(result).as(what).bodyJson().extractingPath("$.parameter").isEqualTo(parameter);
		assertThat(result).as(what)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.startsWith("Parameter '" + parameter + "'");
	}

	/** Created, assigned, picked up and delivered, each with where the courier was. */
	private static List<HistoricEvent> timeline(String customerId, String partnerId) {
		return List.of(
				new HistoricEvent("e-1", DeliveryStatus.CREATED, NOW.minusSeconds(300), customerId, partnerId, null,
						null, null),
				new HistoricEvent("e-2", DeliveryStatus.COURIER_ASSIGNED, NOW.minusSeconds(200), null, null,
						"courier-1", -23.51, -46.6),
				new HistoricEvent("e-3", DeliveryStatus.PICKED_UP, NOW.minusSeconds(120), null, null, "courier-1",
						-23.52, -46.6),
				new HistoricEvent("e-4", DeliveryStatus.DELIVERED, NOW.minusSeconds(60), null, null, "courier-1",
						-23.53, -46.6));
	}

	private static HistoricPosition position(PageKey key) {
		return new HistoricPosition("courier-1", -23.5, -46.6, null, null, null, key.time(), key.partition(),
				key.offset());
	}

	private static RequestPostProcessor support() {
		return SecurityMockMvcRequestPostProcessors.jwt()
			.jwt((jwt) -> jwt.subject("agent-1").claim("roles", List.of("support")));
	}

	private static RequestPostProcessor customer(String id) {
		return SecurityMockMvcRequestPostProcessors.jwt()
			.jwt((jwt) -> jwt.subject(id).claim("roles", List.of("customer")));
	}

	private static RequestPostProcessor partner(@Nullable String partnerId) {
		return SecurityMockMvcRequestPostProcessors.jwt()
			.jwt((jwt) -> jwt.subject("partner-app").claim("roles", List.of("partner")).claim("partner_id", partnerId));
	}

	/** What the slice needs of the rest of the application besides the mocks. */
	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ AccessSettings.class, HistorySettings.class, IngestSettings.class,
			com.acme.tracking.shared.PrivacySettings.class })
	@Import({ ShareLinks.class, AuditLog.class, WarehouseBreaker.class, QueriesPerCaller.class, Cursors.class,
			com.acme.tracking.shared.CustomerIds.class })
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
