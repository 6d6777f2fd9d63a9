package com.acme.tracking.access;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * OAuth2 resource server: every {@code /v1} request carries a JWT from the company's
 * identity provider (issuer or JWK set from the environment), except share-link reads
 * ({@code /v1/track/{token}}: the token is the credential). The {@code roles} claim
 * ({@code customer}, {@code partner}, {@code support}) becomes {@code ROLE_*}
 * authorities; which order a caller may see is decided per order ({@link Caller}).
 * Probes, metrics and the API documents are open. Sessions are stateless, so CSRF does
 * not apply. The per-client rate limit ({@link RateLimitFilter}) runs before the bearer
 * token is read, so that requests with invalid tokens are limited too; every JWT goes
 * through {@link VerifiedTokens}, which also refuses one without {@code sub}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebMvcConfigurer {

	private final AuditLog audit;

	private final AccessSettings settings;

	private final com.acme.tracking.shared.CustomerIds customers;

	SecurityConfiguration(AuditLog audit, AccessSettings settings, com.acme.tracking.shared.CustomerIds customers) {
		this.audit = audit;
		this.settings = settings;
		this.customers = customers;
	}

	static final String ISSUER_MISSING = "No JWT issuer is configured: set SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI "
			+ "or SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI";

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ObjectProvider<JwtDecoder> decoders, AccessSettings settings,
			ShareLinks shareLinks, MeterRegistry meters) throws Exception {
		JwtDecoder decoder = decoders.getIfAvailable();
		if (decoder == null) {
			throw new IllegalStateException(ISSUER_MISSING);
		}
		// before authentication: a request pays for its place in the limit before any
		// token is verified (RateLimitFilter)
		RateLimitFilter rateLimit = new RateLimitFilter(settings,
				(decoder instanceof VerifiedTokens verified) ? verified : null, shareLinks, meters);
		ProblemEntryPoint unauthorized = new ProblemEntryPoint();
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
					"/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/ws",
					"/ws/**", "/v1/track/**", "/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2ResourceServer((server) -> server.bearerTokenResolver(new VerifiedTokens.HeaderResolver())
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(rolesConverter()))
				.authenticationEntryPoint(unauthorized))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(unauthorized))
			.addFilterBefore(rateLimit, BearerTokenAuthenticationFilter.class)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	/** Verified JWTs are remembered briefly ({@link VerifiedTokens}). */
	@Bean
	static BeanPostProcessor verifiedTokens() {
		return VerifiedTokens.wrapping(Clock.systemUTC());
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new CallerArgumentResolver());
	}

	@Override
	public void addInterceptors(org.springframework.web.servlet.config.annotation.InterceptorRegistry registry) {
		registry
			.addInterceptor(
					new AuditInterceptor(this.audit, new ClientAddress(this.settings.trustedProxies()), this.customers))
			.addPathPatterns("/v1/**");
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
