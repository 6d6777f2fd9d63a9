package com.acme.tracking.page;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PageSettingsTests {

	@Test
	void theTileServerAndTheIdentityProviderAreTheOnlyOtherOriginsThePagesMayReach() {
		PageSettings settings = new PageSettings("https://{s}.tile.example.org/{z}/{x}/{y}{r}.png", "© Example", 19, "",
				"pages", "openid", false);
		String csp = PageConfiguration.contentSecurityPolicy(settings.tileOrigin(),
				PageSettings.origin("https://login.example.com:8443/realms/acme", false));
		assertThat(csp).contains("img-src 'self' https://*.tile.example.org;")
			.contains("connect-src 'self' https://login.example.com:8443;")
			.contains("script-src 'self';");
	}

	@Test
	void withoutTilesOrProviderThePagesReachOnlyTheirOwnOrigin() {
		PageSettings settings = new PageSettings("", "", 19, "", "pages", "openid", false);
		assertThat(PageConfiguration.contentSecurityPolicy(settings.tileOrigin(), PageSettings.origin("", false)))
			.contains("img-src 'self';")
			.contains("connect-src 'self';");
	}

	@Test
	void aTileUrlThatIsNotAnAbsoluteUrlIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new PageSettings("/tiles/{z}/{x}/{y}.png", "", 19, "", "p", "openid", false).tileOrigin());
	}

}
