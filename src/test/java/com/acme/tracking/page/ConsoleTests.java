package com.acme.tracking.page;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Point;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The support console in a real browser: an agent signs in, searches a customer's
 * deliveries page by page, opens one to see its timeline and trail, looks the courier's
 * track up and watches it live.
 */
@TrackingIntegrationTest
class ConsoleTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	/** The console's page size. */
	static final int PAGE = 10;

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	Api api;

	final String customerId = Api.id("customer<b>");

	final String partnerId = Api.id("partner");

	final String delivered = Api.id("order");

	final String courierId = Api.id("courier");

	final Instant t0 = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);

	String support;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.support = this.api.token(Api.id("agent"), "support");
		for (int i = 0; i < PAGE; i++) {
			this.api.created(Api.id("order"), this.customerId, this.partnerId, DESTINATION, this.t0.plusSeconds(i));
		}
		// one delivery with its whole life: a trail of five positions between pickup and
		// the
		// end
		this.api.created(this.delivered, this.customerId, this.partnerId, DESTINATION, this.t0.plusSeconds(20));
		this.api.event(this.delivered, DeliveryEventType.COURIER_ASSIGNED, this.t0.plusSeconds(21), this.courierId);
		this.api.event(this.delivered, DeliveryEventType.PICKED_UP, this.t0.plusSeconds(30), this.courierId);
		for (int i = 0; i < 5; i++) {
			this.api.position(this.courierId, DESTINATION.getLat() - 0.01 + i * 0.002, DESTINATION.getLon() + i * 0.001,
					this.t0.plusSeconds(60 + 60 * i), 5f);
		}
		this.api.event(this.delivered, DeliveryEventType.DELIVERED, this.t0.plusSeconds(400), this.courierId);
		await().until(() -> this.api
			.get("/v1/orders?customerId="
					+ java.net.URLEncoder.encode(this.customerId, java.nio.charset.StandardCharsets.UTF_8)
					+ "&limit=100", this.support)
			.json()
			.get("items")
			.size() == PAGE + 1
				&& this.api.get("/v1/orders/" + this.delivered + "/history", this.support)
					.json()
					.get("trail")
					.size() == 5);
	}

	@Test
	void anAgentSearchesOpensADeliveryAndFollowsItsCourier() {
		try (Browser browser = Browser.desktop(this.port)) {
			browser.open("/");
			browser.until((d) -> browser.find("#dev-sign-in").isDisplayed());
			OrderPageTests.signIn(browser, Api.id("agent"), "support");
			browser.until((d) -> browser.find("#console-link").isDisplayed());
			browser.driver.findElement(By.linkText("Open the support console")).click();
			browser.until((d) -> browser.find("#workspace").isDisplayed());
			browser.assertAccessible("console");

			// Search by customer: a page, then "More" for the rest.
			browser.labelled("Customer").sendKeys(this.customerId);
			browser.button("Search").click();
			browser.until((d) -> rows(browser) == PAGE);
			assertThat(browser.button("More").isDisplayed()).isTrue();
			assertThat(browser.find("#results tbody td:nth-child(3)").getText()).isEqualTo(this.customerId);
			browser.screenshot("console-1-search");
			browser.button("More").click();
			browser.until((d) -> rows(browser) == PAGE + 1);
			assertThat(browser.button("More").isDisplayed()).isFalse();
			assertThat(browser.text("#results-summary")).isEqualTo((PAGE + 1) + " deliveries.");

			// Open the delivered order: its timeline and its trail with time labels.
			browser.find("button[aria-label='Open " + this.delivered + "']").click();
			browser.until((d) -> browser.all("#timeline li").size() == 4);
			assertThat(browser.all("#timeline li").stream().map((li) -> li.getText().split(" ")[0]))
				.containsExactly("Created", "Courier", "Picked", "Delivered");
			assertThat(browser.text("#trail-summary")).startsWith("5 positions");
			assertThat(browser.all("#trail-map path.leaflet-interactive")).isNotEmpty();
			assertThat(browser.all("#trail-map .time-label")).hasSizeGreaterThanOrEqualTo(2);
			browser.screenshot("console-2-delivery");
			assertThat(browser.find("#watch-order").getAttribute("href")).endsWith("/orders/" + this.delivered);

			// The courier's track over the range, then live.
			browser.labelled("Courier").sendKeys(this.courierId);
			browser.button("Show track").click();
			browser.waiting()
				.until((d) -> browser.text("#courier-summary").startsWith("5 positions of " + this.courierId));
			assertThat(browser.all("#courier-map path.leaflet-interactive")).isNotEmpty();
			browser.button("Watch live").click();
			browser.until((d) -> !browser.all("#courier-map img[alt='Courier']").isEmpty());
			Point before = browser.find("#courier-map img[alt='Courier']").getLocation();
			this.api.position(this.courierId, DESTINATION.getLat() + 0.001, DESTINATION.getLon(),
					Instant.now().truncatedTo(ChronoUnit.MILLIS), 5f);
			browser.waiting()
				.until((d) -> !browser.find("#courier-map img[alt='Courier']").getLocation().equals(before));
			browser.screenshot("console-3-courier");
			browser.assertAccessible("console-results");
			browser.assertNoScriptErrors();
		}

	}

	private static int rows(Browser browser) {
		return browser.all("#results tbody tr").size();
	}

}
