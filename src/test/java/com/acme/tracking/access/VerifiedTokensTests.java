package com.acme.tracking.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedTokensTests {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private final AtomicInteger verifications = new AtomicInteger();

	private Instant expiry = NOW.plus(Duration.ofHours(1));

	private final JwtDecoder issuer = (token) -> {
		this.verifications.incrementAndGet();
		if (token.startsWith("bad")) {
			throw new BadJwtException("bad signature");
		}
		return Jwt.withTokenValue(token)
			.header("alg", "HS256")
			.subject("c1")
			.issuedAt(NOW.minusSeconds(5))
			.expiresAt(this.expiry)
			.build();
	};

	@Test
	void aVerifiedTokenIsTrustedAgainForAMinuteThenVerifiedAgain() {
		Clock[] clock = { Clock.fixed(NOW, ZoneOffset.UTC) };
		VerifiedTokens tokens = new VerifiedTokens(this.issuer, new Clock() {
			@Override
			public ZoneOffset getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return clock[0].instant();
			}
		});
		assertThat(tokens.decode("t1").getSubject()).isEqualTo("c1");
		assertThat(tokens.decode("t1").getSubject()).isEqualTo("c1");
		assertThat(this.verifications).hasValue(1);
		clock[0] = Clock.fixed(NOW.plus(VerifiedTokens.REMEMBER), ZoneOffset.UTC);
		tokens.decode("t1");
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void aTokenIsNeverTrustedPastItsExpiry() {
		this.expiry = NOW.plusSeconds(10);
		Clock at = Clock.fixed(NOW, ZoneOffset.UTC);
		VerifiedTokens tokens = new VerifiedTokens(this.issuer, at);
		tokens.decode("t1");
		VerifiedTokens later = new VerifiedTokens(this.issuer, Clock.fixed(NOW.plusSeconds(10), ZoneOffset.UTC));
		later.decode("t1");
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void aFailedTokenIsNotRemembered() {
		VerifiedTokens tokens = new VerifiedTokens(this.issuer, Clock.fixed(NOW, ZoneOffset.UTC));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> tokens.decode("bad1"));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> tokens.decode("bad1"));
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void pastTheMaximumSizeATokenInUseIsStillRemembered() {
		AtomicInteger inUseVerified = new AtomicInteger();
		JwtDecoder counting = (token) -> {
			if (token.equals("in-use")) {
				inUseVerified.incrementAndGet();
			}
			return this.issuer.decode(token);
		};
		VerifiedTokens tokens = new VerifiedTokens(counting, Clock.fixed(NOW, ZoneOffset.UTC));
		// one user polls while 60,000 others each come once: nobody who is polling has to
		// verify again because the cache is full
		for (int i = 0; i < VerifiedTokens.MAX_TOKENS + 10_000; i++) {
			if (i % 100 == 0) {
				tokens.decode("in-use");
			}
			tokens.decode("once-" + i);
		}
		tokens.decode("in-use");
		assertThat(inUseVerified).as("times the token in use was verified").hasValue(1);
		assertThat(tokens.size()).isLessThanOrEqualTo(VerifiedTokens.MAX_TOKENS);
	}

	@Test
	void aSignedTokenWithoutSubjectIsRefused() {
		JwtDecoder noSubject = (token) -> Jwt.withTokenValue(token)
			.header("alg", "HS256")
			.claim("roles", java.util.List.of("customer"))
			.expiresAt(this.expiry)
			.build();
		VerifiedTokens tokens = new VerifiedTokens(noSubject, Clock.fixed(NOW, ZoneOffset.UTC));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> tokens.decode("t1"))
			.withMessageContaining("sub");
		assertThat(tokens.rememberedSubject("t1")).isNull();
	}

	@Test
	void theHeaderResolverAnswersLikeSpringsRegularExpression() {
		VerifiedTokens.HeaderResolver resolver = new VerifiedTokens.HeaderResolver();
		assertThat(resolver.resolve(request("Bearer abc.DEF-_~+/123=="))).isEqualTo("abc.DEF-_~+/123==");
		assertThat(resolver.resolve(request("bearer abc"))).isEqualTo("abc");
		assertThat(resolver.resolve(request("Basic dXNlcjpwYXNz"))).isNull();
		assertThat(resolver.resolve(new MockHttpServletRequest())).isNull();
		for (String malformed : new String[] { "Bearer ", "Bearer a b", "Bearer ab=c", "Bearer =", "Bearer é",
				"Bearer a\u0000" }) {
			assertThatExceptionOfType(OAuth2AuthenticationException.class)
				.isThrownBy(() -> resolver.resolve(request(malformed)));
		}
	}

	private static MockHttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", authorization);
		return request;
	}

}
