package com.acme.tracking.local;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints of the local runtime only. {@code POST /dev/tokens} mints a JWT signed with
 * the development key; {@code GET /dev/static} answers a precomputed body the size of a
 * tracking body with no authentication and no work (the baseline of REST benchmarks).
 */
@RestController
class DevEndpoints {

	private static final byte[] STATIC_BODY = """
			{"orderId":"order-00000000","status":"OUT_FOR_DELIVERY","statusAt":"2026-11-25T12:00:00Z",\
			"courier":{"position":{"lat":-23.561680,"lon":-46.655980,"accuracyMeters":5.0,\
			"recordedAt":"2026-11-25T12:03:00Z","ageSeconds":2,"stale":false}},\
			"destination":{"lat":-23.571680,"lon":-46.645980},"etaSeconds":312,"arriving":false,\
			"arrived":false,"updatedAt":"2026-11-25T12:03:00Z"}""".getBytes(java.nio.charset.StandardCharsets.UTF_8);

	private final JwtEncoder encoder = new NimbusJwtEncoder(new ImmutableSecret<>(DevKeys.hmacKey()));

	record TokenRequest(String sub, @Nullable List<String> roles, @Nullable String partner_id,
			@Nullable Long ttlSeconds) {
	}

	@PostMapping("/dev/tokens")
	Map<String, String> token(@RequestBody TokenRequest request) {
		Instant now = Instant.now();
		long ttl = (request.ttlSeconds() != null) ? request.ttlSeconds() : Duration.ofHours(12).toSeconds();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer("local-dev")
			.subject(request.sub())
			.issuedAt(now)
			.expiresAt(now.plusSeconds(ttl))
			.claim("roles", (request.roles() != null) ? request.roles() : List.of());
		if (request.partner_id() != null) {
			claims.claim("partner_id", request.partner_id());
		}
		String token = this.encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
			.getTokenValue();
		return Map.of("token", token);
	}

	@GetMapping(path = "/dev/static", produces = MediaType.APPLICATION_JSON_VALUE)
	byte[] staticBody() {
		return STATIC_BODY;
	}

}
