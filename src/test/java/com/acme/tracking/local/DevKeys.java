package com.acme.tracking.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The development HMAC key of the local runtime (printed in README.md). It exists only in
 * the test sources: no production build contains it, and production accepts only tokens
 * of the configured issuer.
 */
public final class DevKeys {

	/** The issuer of development tokens; the local runtime accepts no other. */
	public static final String ISSUER = "local-dev";

	/** The audience of development tokens: this service. */
	public static final String AUDIENCE = "delivery-tracking";

	public static final String HMAC_KEY = "local-dev-only-hmac-key-not-for-production-0123456789";

	private DevKeys() {
	}

	private static final JwtEncoder ENCODER = new NimbusJwtEncoder(new ImmutableSecret<>(hmacKey()));

	public static SecretKey hmacKey() {
		return new SecretKeySpec(HMAC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	/**
	 * A development JWT ({@code POST /dev/tokens} and the benchmark clients, which mint
	 * their own instead of asking the service thousands of times).
	 */
	public static String token(String subject, List<String> roles, @Nullable String partnerId, Duration ttl) {
		return token(subject, roles, partnerId, ttl, ISSUER, AUDIENCE);
	}

	/**
	 * A development JWT from another issuer or for another audience (which the local
	 * runtime refuses unless they are {@link #ISSUER} and {@link #AUDIENCE}).
	 */
	public static String token(String subject, List<String> roles, @Nullable String partnerId, Duration ttl,
			String issuer, String audience) {
		Instant now = Instant.now();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(issuer)
			.audience(List.of(audience))
			.subject(subject)
			.issuedAt(now.isAfter(now.plus(ttl)) ? now.plus(ttl).minusSeconds(60) : now)
			.expiresAt(now.plus(ttl))
			.claim("roles", roles);
		if (partnerId != null) {
			claims.claim("partner_id", partnerId);
		}
		return ENCODER.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
			.getTokenValue();
	}

}
