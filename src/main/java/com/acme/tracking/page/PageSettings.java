package com.acme.tracking.page;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the pages ({@code tracking.pages.*}).
 *
 * @param tileUrl a Leaflet tile URL template
 * ({@code https://{s}.tile.example.org/{z}/{x}/{y}.png}); empty: no tiles, the map is
 * drawn on its plain base (a grid with coordinates and a scale), which is also what shows
 * while tiles cannot load
 * @param tileAttribution the attribution the tile provider requires, shown on the map as
 * text
 * @param tileMaxZoom the highest zoom the tile server has
 * @param oidcIssuer the identity provider the pages sign in with (OIDC authorization code
 * with PKCE); empty: the resource server's issuer when one is configured, else no sign-in
 * button
 * @param oidcClientId the pages' public client at the identity provider
 * @param oidcScope the scopes the pages ask for
 * @param devSignIn whether the start page offers the development sign-in form (true only
 * in the local runtime, where {@code POST /dev/tokens} exists)
 */
@ConfigurationProperties("tracking.pages")
@Validated
record PageSettings(@DefaultValue("") String tileUrl, @DefaultValue("") String tileAttribution,
		@DefaultValue("19") int tileMaxZoom, @DefaultValue("") String oidcIssuer,
		@DefaultValue("delivery-tracking-pages") String oidcClientId, @DefaultValue("openid") String oidcScope,
		@DefaultValue("false") boolean devSignIn) {

	/**
	 * The origin of the tile server, for the CSP ({@code {s}} becomes {@code *}); empty
	 * without tiles.
	 */
	String tileOrigin() {
		return origin(this.tileUrl.replace("{s}", "subdomain"), true);
	}

	static String origin(String url, boolean wildcardSubdomain) {
		if (url.isBlank()) {
			return "";
		}
		URI uri = URI.create(url.replace("{z}", "0").replace("{x}", "0").replace("{y}", "0").replace("{r}", ""));
		String host = uri.getHost();
		if (uri.getScheme() == null || host == null) {
			throw new IllegalArgumentException("Not an absolute http(s) URL: " + url);
		}
		if (wildcardSubdomain && host.startsWith("subdomain.")) {
			host = "*" + host.substring("subdomain".length());
		}
		return uri.getScheme() + "://" + host + ((uri.getPort() > 0) ? ":" + uri.getPort() : "");
	}

}
