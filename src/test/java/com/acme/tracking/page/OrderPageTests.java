package com.acme.tracking.page;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A signed-in customer in a real browser: the start page's development sign-in, its own
 * order at {@code /orders/{id}}, and refusals that show no data (another customer's
 * order, the support console).
 */
@TrackingIntegrationTest
class OrderPageTests {

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	static final String NOT_VISIBLE = "There is no order with this id that you may see.";

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	Api api;

	final String orderId = Api.id("order");

	final String othersOrder = Api.id("order");

	final String customerId = Api.id("customer");

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
		this.api.created(this.orderId, this.customerId, Api.id("partner"), DESTINATION, t0);
		this.api.created(this.othersOrder, Api.id("customer"), Api.id("partner"), DESTINATION, t0);
		String support = this.api.token(Api.id("agent"), "support");
		await().until(() -> this.api.get("/v1/orders/" + this.othersOrder + "/tracking", support).status() == 200
				&& this.api.get("/v1/orders/" + this.orderId + "/tracking", support).status() == 200);
	}

	@Test
	void aCustomerSignsInAndSeesItsOwnOrderAndNothingElse() {
		try (Browser browser = Browser.desktop(this.port)) {
			browser.open("/");
			browser.until((d) -> browser.find("#dev-sign-in").isDisplayed());
			browser.assertAccessible("start");
			browser.screenshot("start");
			signIn(browser, this.customerId, "customer");
			browser.until((d) -> browser.find("#signed-in").isDisplayed());
			assertThat(browser.text("#signed-in-as")).isEqualTo(this.customerId + " as customer");
			assertThat(browser.find("#console-link").isDisplayed()).isFalse();

			browser.labelled("Order").sendKeys(this.orderId);
			browser.button("Watch").click();
			browser.until((d) -> browser.text("h1").equals("Order " + this.orderId));
			assertThat(browser.driver.getCurrentUrl()).endsWith("/orders/" + this.orderId);
			browser.until((d) -> browser.script("return document.body.dataset.connection").equals("live"));
			assertThat(browser.text("#steps li[aria-current='step']")).startsWith("Created");

			// Another customer's order and an order that does not exist look the same.
			browser.open("/orders/" + this.othersOrder);
			browser.until((d) -> browser.find("#notice").isDisplayed());
			assertThat(browser.find("#notice").getText()).isEqualTo(NOT_VISIBLE);
			assertThat(browser.find("#view").isDisplayed()).isFalse();
			assertThat(browser.all("img[alt='Destination']")).isEmpty();
			browser.screenshot("order-refused");
			browser.open("/orders/" + Api.id("order"));
			browser.until((d) -> browser.find("#notice").isDisplayed());
			assertThat(browser.find("#notice").getText()).isEqualTo(NOT_VISIBLE);

			// The console refuses a customer and shows nothing of the history.
			browser.open("/console");
			browser.until((d) -> browser.find("#notice").isDisplayed());
			assertThat(browser.find("#notice").getText()).startsWith("The support console is for support agents only");
			assertThat(browser.all("#results")).isEmpty();
			assertThat(browser.all("#search")).isEmpty();
			browser.screenshot("console-refused");
			browser.assertNoScriptErrors();
		}
	}

	@Test
	void aPartnerSeesItsOrderButNotTheConsole() {
		String partnerId = Api.id("partner");
		String partnersOrder = Api.id("order");
		this.api.created(partnersOrder, Api.id("customer"), partnerId, DESTINATION, Instant.now().minusSeconds(30));
		try (Browser browser = Browser.desktop(this.port)) {
			browser.open("/?return=/orders/" + partnersOrder);
			browser.until((d) -> browser.find("#dev-sign-in").isDisplayed());
			browser.labelled("User").clear();
			browser.labelled("User").sendKeys(Api.id("partner-user"));
			new Select(browser.labelled("Role")).selectByVisibleText("partner");
			browser.labelled("Partner").sendKeys(partnerId);
			browser.button("Sign in").click();
			browser.until((d) -> browser.text("h1").equals("Order " + partnersOrder));
			browser.open("/orders/" + this.orderId);
			browser.until((d) -> browser.find("#notice").isDisplayed());
			assertThat(browser.find("#notice").getText()).isEqualTo(NOT_VISIBLE);
			browser.open("/console");
			browser.until((d) -> browser.find("#notice").isDisplayed());
			assertThat(browser.find("#notice").getText()).startsWith("The support console is for support agents only");
			assertThat(browser.all("#results")).isEmpty();
		}
	}

	static void signIn(Browser browser, String user, String role) {
		browser.labelled("User").clear();
		browser.labelled("User").sendKeys(user);
		new Select(browser.labelled("Role")).selectByVisibleText(role);
		browser.button("Sign in").click();
	}

}
