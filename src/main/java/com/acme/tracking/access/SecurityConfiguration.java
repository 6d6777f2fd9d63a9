package com.acme.tracking.access;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * OAuth2 resource server: every {@code /v1} request carries a JWT from the company's
 * identity provider (issuer or JWK set from the environment). The {@code roles} claim
 * ({@code customer}, {@code partner}, {@code support}) becomes {@code ROLE_*}
 * authorities. Probes, metrics and the API documents are open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String ISSUER_MISSING = "No JWT issuer is configured: set SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI "
			+ "or SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI";

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ObjectProvider<JwtDecoder> decoders) throws Exception {
		if (decoders.getIfAvailable() == null) {
			throw new IllegalStateException(ISSUER_MISSING);
		}
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/v3/api-docs/**",
					"/swagger-ui/**", "/swagger-ui.html", "/ws/**", "/v1/track/**", "/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.jwtAuthenticationConverter(rolesConverter())))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.cors(Customizer.withDefaults());
		return http.build();
	}

	static JwtAuthenticationConverter rolesConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName("roles");
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

}
