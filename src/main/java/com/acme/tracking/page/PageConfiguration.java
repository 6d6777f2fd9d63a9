package com.acme.tracking.page;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The pages and their assets are open to anyone: they are static and hold no data; every
 * datum they show comes from the API, which checks the caller (the page sends the share
 * link or the signed-in token as a bearer token). What this chain adds is the browser's
 * protection of the pages:
 * <ul>
 * <li>a Content-Security-Policy: scripts, styles and connections from this origin only
 * (no {@code unsafe-inline}, no {@code unsafe-eval}), images also from the tile server,
 * and calls to the identity provider for the sign-in;</li>
 * <li>{@code Referrer-Policy: no-referrer}, so that a share link in the address bar never
 * leaks to the tile server;</li>
 * <li>no framing ({@code frame-ancestors 'none'}, {@code X-Frame-Options: DENY}), and no
 * caching of the HTML.</li>
 * </ul>
 * The pages are not rate-limited here: the API calls they make are ({@code /v1},
 * {@code /ws}).
 */
@Configuration(proxyBeanMethods = false)
class PageConfiguration {

	/**
	 * Everything this chain serves: the pages, their settings and assets, the WebJars.
	 */
	static final String[] PATHS = { "/", "/track/*", "/orders/*", "/console", "/signin/callback", "/pages/settings",
			"/assets/**", "/webjars/**", "/favicon.ico" };

	@Bean
	@Order(1)
	SecurityFilterChain pageSecurity(HttpSecurity http, PageView view) throws Exception {
		http.securityMatcher(PATHS)
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(view.contentSecurityPolicy()))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.frameOptions((frames) -> frames.deny()))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	/**
	 * The CSP directives for the given tile and identity-provider origins (either may be
	 * empty).
	 */
	static String contentSecurityPolicy(String tileOrigin, String issuerOrigin) {
		List<String> directives = new ArrayList<>();
		directives.add("default-src 'none'");
		directives.add("script-src 'self'");
		directives.add("style-src 'self'");
		directives.add(join("img-src 'self'", tileOrigin));
		directives.add(join("connect-src 'self'", issuerOrigin));
		directives.add("font-src 'self'");
		directives.add("base-uri 'none'");
		directives.add("form-action 'self'");
		directives.add("frame-ancestors 'none'");
		return String.join("; ", directives);
	}

	private static String join(String directive, String origin) {
		return origin.isEmpty() ? directive : directive + " " + origin;
	}

}
