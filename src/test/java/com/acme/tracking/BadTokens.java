package com.acme.tracking;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.acme.tracking.local.DevKeys;
import com.nimbusds.jose.jwk.source.ImmutableSecret;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Tokens that carry a real subject's claims but must be refused with 401 (issue 9, R12):
 * each one differs from a good development token in one way only.
 */
public final class BadTokens {

	private BadTokens() {
	}

	/** By what is wrong with them, for the given subject as a customer. */
	public static Map<String, String> forCustomer(String subject) {
		List<String> roles = List.of("customer");
		Map<String, String> tokens = new LinkedHashMap<>();
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String claims = base64.encodeToString(
				("{\"sub\":\"" + subject + "\",\"iss\":\"" + DevKeys.ISSUER + "\",\"aud\":[\"" + DevKeys.AUDIENCE
						+ "\"],\"roles\":[\"customer\"],\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}")
					.getBytes(StandardCharsets.UTF_8));
		tokens.put("alg none",
				base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + claims + ".");
		tokens.put("expired", DevKeys.token(subject, roles, null, Duration.ofMinutes(-5)));
		tokens.put("another key",
				new NimbusJwtEncoder(new ImmutableSecret<>(
						"another-key-another-key-another-key-0123456789".getBytes(StandardCharsets.UTF_8)))
					.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(),
							JwtClaimsSet.builder()
								.issuer(DevKeys.ISSUER)
								.audience(List.of(DevKeys.AUDIENCE))
								.subject(subject)
								.expiresAt(Instant.now().plusSeconds(3600))
								.claim("roles", roles)
								.build()))
					.getTokenValue());
		tokens.put("another issuer", DevKeys.token(subject, roles, null, Duration.ofHours(1),
				"https://another-issuer.example", DevKeys.AUDIENCE));
		tokens.put("another audience",
				DevKeys.token(subject, roles, null, Duration.ofHours(1), DevKeys.ISSUER, "another-service"));
		tokens.put("not a JWT", "not-a-jwt");
		tokens.put("no subject",
				new NimbusJwtEncoder(new ImmutableSecret<>(DevKeys.hmacKey()))
					.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(),
							JwtClaimsSet.builder()
								.issuer(DevKeys.ISSUER)
								.audience(List.of(DevKeys.AUDIENCE))
								.expiresAt(Instant.now().plusSeconds(3600))
								.claim("roles", roles)
								.build()))
					.getTokenValue());
		return tokens;
	}

}
