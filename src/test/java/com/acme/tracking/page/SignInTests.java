package com.acme.tracking.page;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import com.acme.oidc.IdentityProvider;
import com.acme.tracking.Api;
import com.acme.tracking.RequiredEnvironment;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.local.LocalRuntime;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The production sign-in of the pages against a real OIDC provider started by the test
 * (Spring Authorization Server): authorization code with PKCE, as a public client, the
 * token kept in session storage and never in a URL. The service verifies the provider's
 * tokens as in production (issuer URI, audience); the development key is off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "tracking.local.dev-tokens=false", "tracking.pages.dev-sign-in=false" })
@Import(LocalRuntime.class)
@ActiveProfiles(RequiredEnvironment.LOCAL_PROFILE)
class SignInTests {

	static final int PORT = IdentityProvider.freePort();

	static ConfigurableApplicationContext provider;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@DynamicPropertySource
	static void identityProvider(DynamicPropertyRegistry registry) {
		provider = IdentityProvider.start("http://localhost:" + PORT);
		registry.add("server.port", () -> PORT);
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> IdentityProvider.issuer(provider));
	}

	@AfterAll
	static void stopProvider() {
		if (provider != null) {
			provider.close();
		}
	}

	@Test
	void anAgentSignsInAtTheIdentityProviderAndUsesTheConsole() {
		Api api = new Api(PORT, this.kafka);
		String customerId = Api.id("customer");
		String orderId = Api.id("order");
		api.created(orderId, customerId, Api.id("partner"), new GeoPoint(-23.56, -46.65),
				Instant.now().minusSeconds(30));
		try (Browser browser = Browser.desktop(PORT)) {
			browser.open("/console");
			browser.until((d) -> browser.find("#notice").isDisplayed());
			assertThat(browser.find("#notice").getText()).startsWith("Sign in as a support agent");
			browser.driver.findElement(By.linkText("Sign in")).click();
			browser.until((d) -> browser.find("#oidc").isDisplayed());
			assertThat(browser.find("#dev-sign-in").isDisplayed()).isFalse();
			browser.button("Sign in with your company account").click();

			// the provider's login form, on its own origin
			browser.until((d) -> d.getCurrentUrl().startsWith(IdentityProvider.issuer(provider) + "/login"));
			browser.screenshot("sign-in-provider");
			browser.find("#username").sendKeys(IdentityProvider.USER);
			browser.find("#password").sendKeys(IdentityProvider.PASSWORD);
			browser.find("button[type=submit]").click();

			// back on the console, signed in with the provider's token
			browser.waiting()
				.until((d) -> d.getCurrentUrl().equals(browser.base + "/console")
						&& browser.find("#workspace").isDisplayed());
			assertThat(browser.text("#who")).startsWith("Signed in as " + IdentityProvider.USER + " (support)");
			String saved = browser.script("return sessionStorage.getItem('tracking.session')");
			assertThat(saved).contains("\"token\"");
			assertThat(browser.script("return String(localStorage.length)")).isEqualTo("0");
			assertThat(browser.script("return document.cookie")).doesNotContain("ey");
			browser.labelled("Customer").sendKeys(customerId);
			await().untilAsserted(() -> {
				browser.button("Search").click();
				browser.until((d) -> !browser.text("#results-summary").isEmpty());
				assertThat(browser.text("#results-summary")).isEqualTo("1 delivery.");
			});
			assertThat(browser.find("#results tbody td").getText()).isEqualTo(orderId);
			browser.assertNoScriptErrors();
		}
	}

	@Test
	void theProviderRefusesTheseClientsACodeWithoutPkce() throws Exception {
		String authorize = IdentityProvider.issuer(provider) + "/oauth2/authorize?response_type=code&client_id="
				+ IdentityProvider.CLIENT_ID + "&scope=openid&state=s&redirect_uri=http://localhost:" + PORT
				+ "/signin/callback";
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.headers().firstValue("Location").orElse("")).contains("error=invalid_request")
			.contains("code_challenge");
	}

}
