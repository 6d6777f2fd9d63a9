package com.acme.tracking.page;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Serves the pages (static HTML that never contains a value from the request: the scripts
 * read the path themselves) and {@code GET /pages/settings}, what the scripts need to
 * know about this deployment: the tile server, the identity provider and whether the
 * development sign-in exists.
 */
@Controller
class PageView {

	private final Map<String, byte[]> pages = new ConcurrentHashMap<>();

	private final PageSettings settings;

	private final String issuer;

	private final String contentSecurityPolicy;

	PageView(PageSettings settings, Environment environment) {
		this.settings = settings;
		this.issuer = settings.oidcIssuer().isBlank()
				? environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "")
				: settings.oidcIssuer();
		this.contentSecurityPolicy = PageConfiguration.contentSecurityPolicy(settings.tileOrigin(),
				PageSettings.origin(this.issuer, false));
	}

	String contentSecurityPolicy() {
		return this.contentSecurityPolicy;
	}

	@GetMapping("/")
	ResponseEntity<byte[]> start() {
		return page("start");
	}

	@GetMapping("/track/{token}")
	ResponseEntity<byte[]> sharedOrder(@PathVariable String token) {
		return page("watch");
	}

	@GetMapping("/orders/{orderId}")
	ResponseEntity<byte[]> order(@PathVariable String orderId) {
		return page("watch");
	}

	@GetMapping("/console")
	ResponseEntity<byte[]> console() {
		return page("console");
	}

	@GetMapping("/signin/callback")
	ResponseEntity<byte[]> signInCallback() {
		return page("callback");
	}

	@GetMapping(path = "/pages/settings", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	Settings settings() {
		Tiles tiles = this.settings.tileUrl().isBlank() ? null
				: new Tiles(this.settings.tileUrl(), this.settings.tileAttribution(), this.settings.tileMaxZoom());
		SignIn signIn = this.issuer.isBlank() ? null
				: new SignIn(this.issuer, this.settings.oidcClientId(), this.settings.oidcScope());
		return new Settings(tiles, signIn, this.settings.devSignIn());
	}

	private ResponseEntity<byte[]> page(String name) {
		byte[] html = this.pages.computeIfAbsent(name, PageView::read);
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.body(html);
	}

	private static byte[] read(String name) {
		try (var in = new ClassPathResource("pages/" + name + ".html").getInputStream()) {
			return StreamUtils.copyToByteArray(in);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** What the pages' scripts read at start. */
	record Settings(@Nullable Tiles tiles, @Nullable SignIn signIn, boolean devSignIn) {
	}

	record Tiles(String url, String attribution, int maxZoom) {
	}

	record SignIn(String issuer, String clientId, String scope) {
	}

}
