package com.acme.tracking.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the rate limit tells clients apart (the flood tests against the running service are
 * in {@link RateLimitTests}): through a trusted proxy by {@code X-Forwarded-For}, else by
 * the connection's peer; a remembered token by its subject; and its memory stays bounded
 * whatever the number of keys.
 */
class RateLimitFilterTests {

	static final String SECRET = "rate-limit-tests-share-link-secret-0123456789";

	private final AtomicInteger verifications = new AtomicInteger();

	private final JwtDecoder issuer = (token) -> {
		this.verifications.incrementAndGet();
		if (!token.startsWith("good")) {
			throw new BadJwtException("bad signature");
		}
		return Jwt.withTokenValue(token)
			.header("alg", "HS256")
			.subject("customer-" + token.substring(4))
			.expiresAt(Instant.now().plusSeconds(3600))
			.build();
	};

	private final VerifiedTokens tokens = new VerifiedTokens(this.issuer, Clock.systemUTC());

	/** Bursts of 100 and one more a second, so that a slow machine changes no count. */
	static AccessSettings settings(int maxClients, List<String> trustedProxies) {
		return new AccessSettings(SECRET, "k1", List.of(), Duration.ofHours(24), Duration.ofHours(1),
				"http://localhost", 1, 100, maxClients, trustedProxies);
	}

	private RateLimitFilter filter(int maxClients, String... trustedProxies) {
		AccessSettings settings = settings(maxClients, List.of(trustedProxies));
		return new RateLimitFilter(settings, this.tokens, new ShareLinks(settings), new SimpleMeterRegistry());
	}

	@Test
	void anXForwardedForFromAPeerThatIsNotATrustedProxyIsIgnored() throws Exception {
		RateLimitFilter filter = filter(1000);
		int passed = 0;
		for (int i = 0; i < 300; i++) {
			MockHttpServletRequest request = request("/v1/orders/o1/tracking", "198.51.100.7");
			request.addHeader("X-Forwarded-For", "203.0.113." + (i % 250));
			passed += (status(filter, request) != 429) ? 1 : 0;
		}
		assertThat(passed).as("one client, whatever it writes in X-Forwarded-For").isBetween(100, 110);
	}

	@Test
	void anXForwardedForFromATrustedProxyNamesTheClient() throws Exception {
		RateLimitFilter filter = filter(1000, "10.0.0.0/8", "192.0.2.1");
		int passed = 0;
		for (int i = 0; i < 300; i++) {
			// client-written entries on the left are not read: the trusted proxies'
			// right-most entries are
			MockHttpServletRequest request = request("/v1/orders/o1/tracking", "10.1.2.3");
			request.addHeader("X-Forwarded-For", "198.18.0.1, 203.0.113." + (i % 3) + ", 192.0.2.1");
			passed += (status(filter, request) != 429) ? 1 : 0;
		}
		assertThat(passed).as("three clients behind two trusted proxies, 100 requests each").isEqualTo(300);
		int more = 0;
		for (int i = 0; i < 100; i++) {
			MockHttpServletRequest same = request("/v1/orders/o1/tracking", "10.1.2.3");
			same.addHeader("X-Forwarded-For", "198.18.0." + i + ", 203.0.113.1");
			more += (status(filter, same) != 429) ? 1 : 0;
		}
		assertThat(more).as("203.0.113.1 has used its burst").isLessThan(10);
		MockHttpServletRequest garbage = request("/v1/orders/o1/tracking", "10.1.2.3");
		garbage.addHeader("X-Forwarded-For", "evil.example, 10.9.9.9");
		for (int i = 0; i < 150; i++) {
			status(filter, garbage);
		}
		MockHttpServletRequest proxyItself = request("/v1/orders/o1/tracking", "10.1.2.3");
		proxyItself.addHeader("X-Forwarded-For", "not-an-address, 10.9.9.9");
		assertThat(status(filter, proxyItself)).as("what no trusted proxy wrote is not a fresh key").isEqualTo(429);
	}

	@Test
	void anIpv6ClientIsOneClientAcrossItsSlash64() throws Exception {
		RateLimitFilter filter = filter(1000);
		int passed = 0;
		for (int i = 0; i < 300; i++) {
			passed += (status(filter,
					request("/v1/orders/o1/tracking", "2001:db8:1:2:0:0:0:" + Integer.toHexString(i))) != 429) ? 1 : 0;
		}
		assertThat(passed).isBetween(100, 110);
	}

	@Test
	void aRememberedTokenIsLimitedByItsSubjectAndLeavesTheAddressAlone() throws Exception {
		RateLimitFilter filter = filter(1000);
		this.tokens.decode("good1");
		int passed = 0;
		for (int i = 0; i < 300; i++) {
			MockHttpServletRequest request = request("/v1/orders/o1/tracking", "198.51.100.9");
			request.addHeader("Authorization", "Bearer good1");
			passed += (status(filter, request) != 429) ? 1 : 0;
		}
		assertThat(passed).isBetween(100, 110);
		assertThat(this.verifications).as("the limit verifies nothing").hasValue(1);
		assertThat(status(filter, request("/v1/orders/o1/tracking", "198.51.100.9"))).as("the address's own bucket")
			.isEqualTo(200);
	}

	@Test
	void theBucketsStayBoundedWhateverTheNumberOfClients() throws Exception {
		RateLimitFilter filter = filter(1000);
		for (int i = 0; i < 50_000; i++) {
			status(filter, request("/v1/orders/o1/tracking", "198.18." + (i / 250) + "." + (i % 250)));
			status(filter, request("/v1/track/v2.k1.forged" + i + ".1.AAAA", "198.51.100.1"));
		}
		assertThat(filter.clients()).isLessThanOrEqualTo(1000);
	}

	@Test
	void onlyTheApiAndTheWebSocketHandshakeAreLimited() throws Exception {
		RateLimitFilter filter = filter(1000);
		for (int i = 0; i < 150; i++) {
			assertThat(status(filter, request("/actuator/health", "198.51.100.3"))).isEqualTo(200);
		}
		int ws = 0;
		for (int i = 0; i < 150; i++) {
			ws += (status(filter, request("/ws", "198.51.100.3")) == 429) ? 1 : 0;
		}
		assertThat(ws).isBetween(40, 50);
	}

	private static MockHttpServletRequest request(String uri, String peer) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setRemoteAddr(peer);
		return request;
	}

	private static int status(RateLimitFilter filter, MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response.getStatus();
	}

}
