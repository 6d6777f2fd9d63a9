package com.acme.tracking.faults;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpServer;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The identity provider of the fault harness ({@code bench/faults}): the packaged service
 * runs with its production security, so it needs a real JWK set to fetch and RS256 tokens
 * signed by it. {@code FaultIdentity <port>
 *
<dir>
 * } serves {@code /jwks.json} on localhost:port and writes a support token (audience
 * {@code delivery-tracking}, valid 6 hours) to {@code
 *
<dir>
 * /support.token}; it runs until killed.
 */
public final class FaultIdentity {

	private FaultIdentity() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		Path dir = Path.of(args[1]);
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
			.keyID(UUID.randomUUID().toString())
			.build();
		byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
		server.createContext("/jwks.json", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, jwks.length);
			exchange.getResponseBody().write(jwks);
			exchange.close();
		});
		server.start();
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		Instant now = Instant.now();
		String token = encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build(),
					JwtClaimsSet.builder()
						.issuer("https://faults.example")
						.audience(List.of("delivery-tracking"))
						.subject("fault-agent")
						.issuedAt(now)
						.expiresAt(now.plusSeconds(6 * 3600))
						.claim("roles", List.of("support"))
						.build()))
			.getTokenValue();
		Files.writeString(dir.resolve("support.token"), token);
		System.out.println("identity on localhost:" + port + "/jwks.json");
	}

}
