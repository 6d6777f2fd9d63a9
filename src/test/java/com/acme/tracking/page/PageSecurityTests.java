package com.acme.tracking.page;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.acme.tracking.TrackingIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the browser is told about every page: the Content-Security-Policy without inline
 * scripts, no referrer (a share link in the address must not leak), no framing, no
 * caching; and that a page carries no value from its address.
 */
@TrackingIntegrationTest
class PageSecurityTests {

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "/", "/track/v2.k1.b3JkZXI.1.sig", "/orders/order-%3Cscript%3E", "/console",
			"/signin/callback" })
	void everyPageIsSentWithItsProtections(String path) throws Exception {
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
		String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(csp).contains("script-src 'self'", "style-src 'self'", "default-src 'none'",
				"frame-ancestors 'none'");
		assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval");
		assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(page.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((c) -> assertThat(c).contains("no-store"));
		assertThat(page.body()).doesNotContain("<script>").doesNotContain("order-<");
		// no inline script or style anywhere: every script has a src
		assertThat(page.body().split("<script").length - 1).isEqualTo(page.body().split("<script src=\"/").length - 1);
		assertThat(page.body()).doesNotContain("<style").doesNotContain(" style=").doesNotContain(" onclick=");
	}

}
