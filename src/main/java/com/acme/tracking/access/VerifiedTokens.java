package com.acme.tracking.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.util.StringUtils;

/**
 * Verified tokens, remembered briefly: a customer's app polls with the same JWT many
 * times a minute, and verifying it is the largest cost of a tracking request
 * (BENCHMARKS.md, B2). A token verified once is trusted again, without the work, until
 * the earlier of its expiry and {@link #REMEMBER} after its verification. The cache is a
 * Caffeine cache of at most {@link #MAX_TOKENS} entries: past that, the tokens least used
 * recently make room one by one (nobody else re-verifies), and each entry leaves on its
 * own deadline. The price: a key removed from the issuer's key set still admits the
 * tokens it signed for up to a minute. Tokens that fail are never remembered.
 *
 * <p>
 * Every JWT of every channel (REST, STOMP CONNECT, SSE) is decoded here, so this is also
 * where the claims every caller needs are validated: a signed token without {@code sub}
 * names nobody and is refused ({@link #SUBJECT_REQUIRED}), before it can be taken for a
 * customer.
 */
final class VerifiedTokens implements JwtDecoder {

	static final Duration REMEMBER = Duration.ofMinutes(1);

	static final int MAX_TOKENS = 50_000;

	/** A token must name its subject: {@code sub} is required (DESIGN.md). */
	static final OAuth2TokenValidator<Jwt> SUBJECT_REQUIRED = new JwtClaimValidator<@Nullable String>(JwtClaimNames.SUB,
			StringUtils::hasText);

	private final JwtDecoder delegate;

	private final Clock clock;

	private final Cache<String, Remembered> verified;

	private record Remembered(Jwt jwt, Instant until) {
	}

	VerifiedTokens(JwtDecoder delegate, Clock clock) {
		this(delegate, clock, MAX_TOKENS);
	}

	VerifiedTokens(JwtDecoder delegate, Clock clock, int maxTokens) {
		this.delegate = delegate;
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumSize(maxTokens)
			.expireAfter(Expiry.creating((String token, Remembered remembered) -> max(Duration.ZERO,
					Duration.between(clock.instant(), remembered.until()))))
			// upkeep on the caller's thread, in small amortised steps: no pool to size
			.executor(Runnable::run)
			.build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Instant now = this.clock.instant();
		Remembered remembered = this.verified.getIfPresent(token);
		if (remembered != null && now.isBefore(remembered.until())) {
			return remembered.jwt();
		}
		Jwt jwt = this.delegate.decode(token);
		OAuth2TokenValidatorResult valid = SUBJECT_REQUIRED.validate(jwt);
		if (valid.hasErrors()) {
			throw new JwtValidationException("The token names no subject (sub)", valid.getErrors());
		}
		Instant until = now.plus(REMEMBER);
		if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
			until = jwt.getExpiresAt();
		}
		this.verified.put(token, new Remembered(jwt, until));
		return jwt;
	}

	/**
	 * The subject of a token verified before and still remembered, without verifying
	 * anything: null for any other token (the rate limit keys such requests by address).
	 */
	@Nullable String rememberedSubject(String token) {
		Remembered remembered = this.verified.getIfPresent(token);
		if (remembered == null || !this.clock.instant().isBefore(remembered.until())) {
			return null;
		}
		return remembered.jwt().getSubject();
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	/** How many tokens are remembered now. */
	long size() {
		this.verified.cleanUp();
		return this.verified.estimatedSize();
	}

	/** Wraps the application's {@link JwtDecoder}, whichever configuration made it. */
	static BeanPostProcessor wrapping(Clock clock) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof JwtDecoder decoder && !(bean instanceof VerifiedTokens))
						? new VerifiedTokens(decoder, clock) : bean;
			}

		};
	}

	/**
	 * The bearer token of a request's Authorization header, checked by a loop over its
	 * characters ({@code token68} of RFC 6750) rather than Spring's regular expression,
	 * the next cost of a request (BENCHMARKS.md, B2). Same answers: none without a Bearer
	 * header, 401 for a malformed token.
	 */
	static final class HeaderResolver implements BearerTokenResolver {

		@Override
		public @Nullable String resolve(HttpServletRequest request) {
			String header = request.getHeader(HttpHeaders.AUTHORIZATION);
			if (header == null
					|| !header.regionMatches(true, 0, "Bearer ", 0, 7) && !header.equalsIgnoreCase("Bearer")) {
				return null;
			}
			String token = (header.length() > 7 && header.charAt(6) == ' ') ? header.substring(7) : "";
			if (!wellFormed(token)) {
				throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
			}
			return token;
		}

		static boolean wellFormed(String token) {
			int i = 0;
			while (i < token.length() && token68(token.charAt(i))) {
				i++;
			}
			if (i == 0) {
				return false;
			}
			while (i < token.length() && token.charAt(i) == '=') {
				i++;
			}
			return i == token.length();
		}

		private static boolean token68(char c) {
			return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~' || c == '+' || c == '/';
		}

	}

}
