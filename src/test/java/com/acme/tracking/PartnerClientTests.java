package com.acme.tracking;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.acme.deliverytracking.client.ApiClient;
import com.acme.deliverytracking.client.ApiException;
import com.acme.deliverytracking.client.api.TrackingApi;
import com.acme.deliverytracking.client.api.TrackingApi.APICreateShareLinkRequest;
import com.acme.deliverytracking.client.api.TrackingApi.APIGetCourierLocationRequest;
import com.acme.deliverytracking.client.api.TrackingApi.APIGetCourierPositionsRequest;
import com.acme.deliverytracking.client.api.TrackingApi.APIGetOrderHistoryRequest;
import com.acme.deliverytracking.client.api.TrackingApi.APIGetOrderLocationRequest;
import com.acme.deliverytracking.client.api.TrackingApi.APIGetOrderTrackingRequest;
import com.acme.deliverytracking.client.api.TrackingApi.APIGetSharedTrackingRequest;
import com.acme.deliverytracking.client.api.TrackingApi.APISearchOrdersRequest;
import com.acme.deliverytracking.client.model.OrderHistory;
import com.acme.deliverytracking.client.model.OrderLocation;
import com.acme.deliverytracking.client.model.OrderSummary;
import com.acme.deliverytracking.client.model.PageBodyOrderSummary;
import com.acme.deliverytracking.client.model.PageBodyPositionItem;
import com.acme.deliverytracking.client.model.ProblemDetail;
import com.acme.deliverytracking.client.model.ShareLink;
import com.acme.deliverytracking.client.model.Step;
import com.acme.deliverytracking.client.model.Tracking;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Orders followed through the Java client a partner generates from
 * {@code api/openapi.yaml} (openapi-generator, native HttpClient and Jackson; generated
 * by the build into the test sources): tracking, location, history, search page by page
 * and share links as a partner and as a support agent, and the error answers as typed
 * exceptions carrying the problem body.
 */
@TrackingIntegrationTest
class PartnerClientTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Test
	void aPartnerAndASupportAgentFollowOrdersThroughTheGeneratedClient() throws Exception {
		Api api = new Api(this.port, this.kafka);
		String partnerId = Api.id("partner");
		String customerId = Api.id("customer");
		String courierId = Api.id("courier");
		Instant t0 = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MILLIS);
		List<String> orders = List.of(Api.id("order"), Api.id("order"), Api.id("order"));
		for (int i = 0; i < orders.size(); i++) {
			api.created(orders.get(i), customerId, partnerId, DESTINATION, t0.plusMillis(i));
		}
		String orderId = orders.get(0);
		api.event(orderId, DeliveryEventType.COURIER_ASSIGNED, t0.plusSeconds(1), courierId);
		api.event(orderId, DeliveryEventType.PICKED_UP, t0.plusSeconds(2), courierId);
		Instant fix = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
		api.position(courierId, DESTINATION.getLat() - 0.01, DESTINATION.getLon(), fix, 5f);
		api.position(courierId, DESTINATION.getLat() - 0.008, DESTINATION.getLon(), fix.plusSeconds(1), 5f);

		TrackingApi partner = client(api.token(Api.id("partner-user"), "partner", partnerId));
		TrackingApi support = client(api.token(Api.id("agent"), "support"));
		TrackingApi customer = client(api.token(customerId, "customer"));

		// live: tracking and location, the courier shown to the partner with its id
		await().until(() -> tracking(partner, orderId).getCourier() != null);
		Tracking tracking = tracking(partner, orderId);
		assertThat(tracking.getOrderId()).isEqualTo(orderId);
		assertThat(String.valueOf(tracking.getStatus())).isEqualTo("PICKED_UP");
		assertThat(tracking.getStatusAt().toInstant()).isEqualTo(t0.plusSeconds(2));
		assertThat(tracking.getCourier().getCourierId()).isEqualTo(courierId);
		assertThat(tracking.getCourier().getPosition().getLat()).isEqualTo(DESTINATION.getLat() - 0.008);
		assertThat(tracking.getCourier().getPosition().getRecordedAt().toInstant()).isEqualTo(fix.plusSeconds(1));
		assertThat(tracking.getDestination().getLon()).isEqualTo(DESTINATION.getLon());
		assertThat(tracking.getEtaSeconds()).isPositive();
		assertThat(tracking.getEstimatedArrivalRange().getEarliest())
			.isBeforeOrEqualTo(tracking.getEstimatedArrivalRange().getLatest());
		OrderLocation location = partner
			.getOrderLocation(APIGetOrderLocationRequest.newBuilder().orderId(orderId).build());
		assertThat(location.getLat()).isEqualTo(DESTINATION.getLat() - 0.008);
		assertThat(location.getRecordedAt().toInstant()).isEqualTo(fix.plusSeconds(1));

		// share links: the owner customer and support may share, the partner may not;
		// the link needs no bearer token and shows the customer's view (no courier id)
		ShareLink link = shareLink(customer, orderId);
		assertThat(link.getUrl()).endsWith(link.getToken());
		assertThat(link.getExpiresAt().toInstant()).isAfter(Instant.now());
		Tracking shared = client(null)
			.getSharedTracking(APIGetSharedTrackingRequest.newBuilder().token(link.getToken()).build());
		assertThat(shared.getOrderId()).isEqualTo(orderId);
		assertThat(shared.getCourier().getCourierId()).isNull();
		assertThat(shareLink(support, orderId).getToken()).isNotBlank();
		assertThat(problem(() -> shareLink(partner, orderId)).getStatus()).isEqualTo(404);

		// the end of the trip, then the history
		api.event(orderId, DeliveryEventType.DELIVERED, Instant.now().truncatedTo(ChronoUnit.MILLIS), courierId);
		// the history is 404 until the warehouse has the order; its events and the
		// courier's positions are written by the history writer apart (other
		// partitions), so wait for both
		await().ignoreExceptionsInstanceOf(ApiException.class).until(() -> {
			OrderHistory written = history(partner, orderId, null);
			return written.getTrail().size() == 2 && written.getTimeline()
				.stream()
				.anyMatch((step) -> String.valueOf(step.getStatus()).equals("DELIVERED"));
		});
		OrderHistory history = history(partner, orderId, 10);
		assertThat(history.getTimeline()).extracting(Step::getStatus)
			.extracting(String::valueOf)
			.containsExactly("CREATED", "COURIER_ASSIGNED", "PICKED_UP", "DELIVERED");
		assertThat(history.getTrail()).hasSize(2);
		assertThat(history(support, orderId, null).getOrderId()).isEqualTo(orderId);

		// search, page by page, as the partner and as support
		await().until(() -> search(partner, partnerId, 50).size() == 3);
		assertThat(search(partner, partnerId, 2)).containsExactlyElementsOf(orders);
		assertThat(search(support, partnerId, 1)).containsExactlyElementsOf(orders);
		PageBodyOrderSummary first = page(partner, partnerId, 2, null);
		assertThat(first.getItems()).hasSize(2);
		assertThat(first.getNextCursor()).isNotNull();
		OrderSummary summary = first.getItems().get(0);
		assertThat(summary.getCustomerId()).isEqualTo(customerId);
		assertThat(summary.getPartnerId()).isEqualTo(partnerId);

		// support follows the courier
		await().until(() -> positions(support, courierId, null).getItems().size() == 1);
		PageBodyPositionItem positions = positions(support, courierId, null);
		assertThat(positions.getNextCursor()).isNotNull();
		assertThat(positions(support, courierId, positions.getNextCursor()).getItems()).singleElement()
			.satisfies((item) -> assertThat(item.getRecordedAt().toInstant()).isEqualTo(fix.plusSeconds(1)));
		assertThat(support.getCourierLocation(APIGetCourierLocationRequest.newBuilder().courierId(courierId).build())
			.getCourierId()).isEqualTo(courierId);

		// errors: typed exceptions with the problem body
		TrackingApi otherPartner = client(api.token(Api.id("partner-user"), "partner", Api.id("partner")));
		ProblemDetail notYours = problem(() -> tracking(otherPartner, orderId));
		assertThat(notYours.getStatus()).isEqualTo(404);
		assertThat(problem(() -> partner
			.getCourierLocation(APIGetCourierLocationRequest.newBuilder().courierId(courierId).build())).getStatus())
			.isEqualTo(404);
		ApiException badToken = catchThrowableOfType(ApiException.class,
				() -> tracking(client("not-a-token"), orderId));
		assertThat(badToken.getCode()).isEqualTo(401);
		assertThat(badToken.getResponseHeaders().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer"));
		ProblemDetail badCursor = problem(() -> page(partner, partnerId, 2, "not-a-cursor"));
		assertThat(badCursor.getStatus()).isEqualTo(400);
		assertThat(badCursor.getDetail()).contains("cursor");
	}

	/** The order ids of a search, following {@code nextCursor} until it is null. */
	private static List<String> search(TrackingApi api, String partnerId, int limit) throws ApiException {
		List<String> ids = new ArrayList<>();
		String cursor = null;
		do {
			PageBodyOrderSummary page = page(api, partnerId, limit, cursor);
			assertThat(page.getItems()).hasSizeLessThanOrEqualTo(limit);
			page.getItems().forEach((item) -> ids.add(item.getOrderId()));
			cursor = page.getNextCursor();
		}
		while (cursor != null);
		return ids;
	}

	// One request object per call (useSingleRequestParameter): parameters the document
	// adds later (an If-None-Match header, say) do not break these calls.

	private static Tracking tracking(TrackingApi api, String orderId) throws ApiException {
		return api.getOrderTracking(APIGetOrderTrackingRequest.newBuilder().orderId(orderId).build());
	}

	private static ShareLink shareLink(TrackingApi api, String orderId) throws ApiException {
		return api.createShareLink(APICreateShareLinkRequest.newBuilder().orderId(orderId).build());
	}

	private static OrderHistory history(TrackingApi api, String orderId, @Nullable Integer maxPoints)
			throws ApiException {
		return api
			.getOrderHistory(APIGetOrderHistoryRequest.newBuilder().orderId(orderId).maxPoints(maxPoints).build());
	}

	private static PageBodyOrderSummary page(TrackingApi api, String partnerId, int limit, @Nullable String cursor)
			throws ApiException {
		return api
			.searchOrders(APISearchOrdersRequest.newBuilder().partnerId(partnerId).limit(limit).cursor(cursor).build());
	}

	private static PageBodyPositionItem positions(TrackingApi api, String courierId, @Nullable String cursor)
			throws ApiException {
		return api.getCourierPositions(
				APIGetCourierPositionsRequest.newBuilder().courierId(courierId).limit(1).cursor(cursor).build());
	}

	private TrackingApi client(@Nullable String token) {
		ApiClient client = new ApiClient();
		client.updateBaseUri("http://localhost:" + this.port);
		if (token != null) {
			client.setRequestInterceptor((request) -> request.header("Authorization", "Bearer " + token));
		}
		return new TrackingApi(client);
	}

	/** The problem body of the error a call answers with. */
	private static ProblemDetail problem(Call call) throws Exception {
		ApiException error = catchThrowableOfType(ApiException.class, call::run);
		assertThat(error).as("the call answers an error").isNotNull();
		assertThat(error.getResponseHeaders().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		return new ApiClient().getObjectMapper().readValue(error.getResponseBody(), ProblemDetail.class);
	}

	@FunctionalInterface
	private interface Call {

		void run() throws Exception;

	}

}
