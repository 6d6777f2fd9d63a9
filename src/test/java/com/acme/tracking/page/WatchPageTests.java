package com.acme.tracking.page;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.live.stomp.SessionsGoingAway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Point;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watch page in a real browser, opened by share link while the test produces the
 * order's life to Kafka: what a customer sees at each step.
 */
@TrackingIntegrationTest
class WatchPageTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	static final Pattern MINUTES = Pattern.compile("Arrives in (\\d+) min");

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	ApplicationContext context;

	Api api;

	final String orderId = Api.id("order");

	final String customerId = Api.id("customer");

	final String courierId = Api.id("courier");

	final Instant t0 = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MILLIS);

	String support;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.support = this.api.token(Api.id("agent"), "support");
		this.api.created(this.orderId, this.customerId, Api.id("partner"), DESTINATION, this.t0);
		this.api.event(this.orderId, DeliveryEventType.COURIER_ASSIGNED, this.t0.plusSeconds(1), this.courierId);
	}

	@Test
	void aShareLinkShowsTheCourierComingTheEtaFallingAndTheDelivery() {
		String link = shareLink();
		try (Browser browser = Browser.desktop(this.port)) {
			browser.open("/track/" + link);
			browser.until((d) -> currentStep(browser).startsWith("Courier assigned"));
			assertThat(browser.text("h1")).isEqualTo("Order " + this.orderId);

			// Before pickup: the courier moves, and the page shows nothing of it.
			courierAt(0.036, Instant.now());
			await().until(
					() -> this.api.get("/v1/couriers/" + this.courierId + "/location", this.support).status() == 200);
			awaitLive(browser);
			assertThat(browser.all("img[alt='Courier']")).isEmpty();
			assertThat(browser.find("#eta").getText()).isEmpty();
			browser.screenshot("watch-1-courier-assigned");

			// Picked up and on the way: the courier appears on the map, with an ETA.
			this.api.event(this.orderId, DeliveryEventType.PICKED_UP, this.t0.plusSeconds(2), this.courierId);
			this.api.event(this.orderId, DeliveryEventType.OUT_FOR_DELIVERY, this.t0.plusSeconds(3), this.courierId);
			browser.until((d) -> currentStep(browser).startsWith("On the way"));
			courierAt(0.036, Instant.now());
			browser.until((d) -> !browser.all("img[alt='Courier']").isEmpty() && minutes(browser) > 0);
			Point far = courierMarker(browser);
			int farMinutes = minutes(browser);
			assertThat(browser.all("img[alt='Destination']")).hasSize(1);
			browser.screenshot("watch-2-on-the-way");
			browser.assertAccessible("watch");

			// The courier comes closer: the marker moves and the ETA falls.
			courierAt(0.009, Instant.now());
			browser.until((d) -> !courierMarker(browser).equals(far));
			browser.until((d) -> minutes(browser) < farMinutes);
			assertThat(courierMarker(browser).getY()).isLessThan(far.getY()); // north,
																				// toward
																				// the pin

			// Arriving, then arrived.
			courierAt(0.003, Instant.now());
			browser.until((d) -> "Arriving".equals(browser.find("#arrival").getText()));
			browser.screenshot("watch-4-arriving");
			courierAt(0.0002, Instant.now());
			browser.until((d) -> "Arrived".equals(browser.find("#arrival").getText()));
			browser.screenshot("watch-5-arrived");

			// Delivered: the step line ends, the courier is gone from the map.
			this.api.event(this.orderId, DeliveryEventType.DELIVERED, Instant.now(), this.courierId);
			browser.until((d) -> currentStep(browser).startsWith("Delivered"));
			assertThat(browser.all("img[alt='Courier']")).isEmpty();
			assertThat(browser.find("#eta").getText()).startsWith("Delivered at");
			assertThat(browser.find("#arrival").isDisplayed()).isFalse();
			browser.screenshot("watch-6-delivered");
			browser.assertNoScriptErrors();
		}
	}

	@Test
	void aLostConnectionShowsReconnectingAndTheSnapshotComesBack() {
		this.api.event(this.orderId, DeliveryEventType.PICKED_UP, this.t0.plusSeconds(2), this.courierId);
		courierAt(0.02, Instant.now());
		String link = shareLink();
		try (Browser browser = Browser.desktop(this.port)) {
			browser.open("/track/" + link);
			browser.until((d) -> !browser.all("img[alt='Courier']").isEmpty());
			awaitLive(browser);
			Point before = courierMarker(browser);

			// The network goes, and the replica the page was connected to goes away.
			ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
			offline.setOffline(true);
			browser.driver.setNetworkConditions(offline);
			assertThat(SessionsGoingAway.closeAll(this.context)).isPositive();
			browser.until((d) -> browser.find("#connection").isDisplayed());
			assertThat(browser.find("#connection").getText()).isEqualTo("Reconnecting…");
			browser.screenshot("watch-3-reconnecting");

			// What happens meanwhile is shown once the page is back.
			this.api.event(this.orderId, DeliveryEventType.OUT_FOR_DELIVERY, this.t0.plusSeconds(3), this.courierId);
			courierAt(0.005, Instant.now());
			await().until(() -> this.api.get("/v1/orders/" + this.orderId + "/tracking", this.support)
				.json()
				.path("courier")
				.path("position")
				.path("lat")
				.asDouble() == DESTINATION.getLat() - 0.005);
			browser.driver.deleteNetworkConditions();
			awaitLive(browser);
			browser.until((d) -> currentStep(browser).startsWith("On the way"));
			browser.until((d) -> !courierMarker(browser).equals(before));
			assertThat(browser.find("#connection").isDisplayed()).isFalse();
			browser.assertNoScriptErrors();
		}
	}

	@Test
	void aCancelledOrderShowsCancelledAndNoCourier() {
		this.api.event(this.orderId, DeliveryEventType.PICKED_UP, this.t0.plusSeconds(2), this.courierId);
		courierAt(0.01, Instant.now());
		String link = shareLink();
		try (Browser browser = Browser.desktop(this.port)) {
			browser.open("/track/" + link);
			browser.until((d) -> !browser.all("img[alt='Courier']").isEmpty());
			awaitLive(browser);
			this.api.event(this.orderId, DeliveryEventType.CANCELLED, Instant.now(), this.courierId);
			browser.until((d) -> currentStep(browser).startsWith("Cancelled"));
			assertThat(browser.all("img[alt='Courier']")).isEmpty();
			assertThat(browser.script("return document.getElementById('steps').innerText")).doesNotContain("Delivered");
			assertThat(browser.find("#eta").getText()).isEqualTo("This order was cancelled");
			browser.screenshot("watch-cancelled");
		}
	}

	@Test
	void theWatchPageFitsAPhone() {
		this.api.event(this.orderId, DeliveryEventType.PICKED_UP, this.t0.plusSeconds(2), this.courierId);
		this.api.event(this.orderId, DeliveryEventType.OUT_FOR_DELIVERY, this.t0.plusSeconds(3), this.courierId);
		courierAt(0.01, Instant.now());
		String link = shareLink();
		try (Browser browser = Browser.phone(this.port)) {
			browser.open("/track/" + link);
			browser.until((d) -> !browser.all("img[alt='Courier']").isEmpty() && minutes(browser) > 0);
			assertThat(browser.find("img[alt='Courier']").isDisplayed()).isTrue();
			assertThat(browser.find("img[alt='Destination']").isDisplayed()).isTrue();
			assertThat(browser.overflowsSideways()).isFalse();
			browser.screenshot("watch-phone");
			browser.assertAccessible("watch-phone");
			browser.assertNoScriptErrors();
		}
	}

	@Test
	void valuesAreShownAsTextNeverRunAsHtml() {
		String hostile = "order-<img src=x onerror=document.title='pwned'>";
		this.api.created(hostile, this.customerId, Api.id("partner"), DESTINATION, this.t0);
		String owner = this.api.token(this.customerId, "customer");
		await().until(
				() -> this.api
					.get("/v1/orders/" + java.net.URLEncoder.encode(hostile, java.nio.charset.StandardCharsets.UTF_8)
						.replace("+", "%20") + "/tracking", owner)
					.status() == 200);
		String link = this.api
			.post("/v1/orders/"
					+ java.net.URLEncoder.encode(hostile, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
					+ "/share-links", owner, "")
			.json()
			.get("token")
			.stringValue();
		try (Browser browser = Browser.desktop(this.port)) {
			browser.open("/track/" + link);
			browser.until((d) -> browser.text("h1").equals("Order " + hostile));
			assertThat(browser.all("h1 img")).isEmpty();
			assertThat(browser.driver.getTitle()).isNotEqualTo("pwned");
			awaitLive(browser);
		}
	}

	private String shareLink() {
		String owner = this.api.token(this.customerId, "customer");
		await().until(() -> this.api.get("/v1/orders/" + this.orderId + "/tracking", owner).status() == 200);
		return this.api.post("/v1/orders/" + this.orderId + "/share-links", owner, "")
			.json()
			.get("token")
			.stringValue();
	}

	/** A fix of the courier {@code degrees} of latitude south of the destination. */
	private void courierAt(double degrees, Instant at) {
		this.api.position(this.courierId, DESTINATION.getLat() - degrees, DESTINATION.getLon(),
				at.truncatedTo(ChronoUnit.MILLIS), 5f);
	}

	private static void awaitLive(Browser browser) {
		browser.until((d) -> "live".equals(browser.find("body").getAttribute("data-connection")));
	}

	private static String currentStep(Browser browser) {
		return browser.script("const s = document.querySelector(\"#steps li[aria-current='step']\");"
				+ " return s ? s.innerText : '';");
	}

	private static Point courierMarker(Browser browser) {
		return browser.find("img[alt='Courier']").getLocation();
	}

	private static int minutes(Browser browser) {
		Matcher matcher = MINUTES.matcher(browser.script("return document.getElementById('eta').innerText;"));
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
	}

}
