package com.acme.oidc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import com.acme.tracking.RequiredEnvironment;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * A real OIDC provider for the sign-in test: Spring Authorization Server in its own
 * application (own port, own configuration: it reads none of the service's), with the
 * pages registered as a public client that must use PKCE, a login form, and access tokens
 * the way the company's provider issues them ({@code aud} naming the service,
 * {@code roles}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class IdentityProvider {

	public static final String CLIENT_ID = "delivery-tracking-pages";

	public static final String USER = "ana";

	public static final String PASSWORD = "a long test password";

	/** Starts a provider on a free port for pages served at {@code pagesOrigin}. */
	public static ConfigurableApplicationContext start(String pagesOrigin) {
		int port = freePort();
		// the local profile: the service's production checks (RequiredEnvironment) do not
		// apply to this application, which reads none of the service's configuration
		return new SpringApplicationBuilder(IdentityProvider.class).profiles(RequiredEnvironment.LOCAL_PROFILE)
			.properties("spring.config.name=identity-provider", "spring.main.banner-mode=off", "server.port=" + port,
					"identity-provider.issuer=http://localhost:" + port,
					"identity-provider.pages-origin=" + pagesOrigin,
					"spring.autoconfigure.exclude="
							+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
							+ "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
							+ "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
			.run();
	}

	public static String issuer(ConfigurableApplicationContext provider) {
		return provider.getEnvironment().getRequiredProperty("identity-provider.issuer");
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The protocol's endpoints; a browser that is not signed in goes to the login form.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
		http.oauth2AuthorizationServer((server) -> {
			// the matcher of all the endpoints, the OIDC ones (discovery) included
			http.securityMatcher(server.getEndpointsMatcher());
			server.oidc(Customizer.withDefaults());
		})
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.cors(Customizer.withDefaults())
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain login(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	AuthorizationServerSettings settings(Environment environment) {
		return AuthorizationServerSettings.builder()
			.issuer(environment.getRequiredProperty("identity-provider.issuer"))
			.build();
	}

	/** The pages: a public client (no secret) that must prove its code with PKCE. */
	@Bean
	RegisteredClientRepository clients(Environment environment) {
		RegisteredClient pages = RegisteredClient.withId("pages")
			.clientId(CLIENT_ID)
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(environment.getRequiredProperty("identity-provider.pages-origin") + "/signin/callback")
			.scope(OidcScopes.OPENID)
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
			.build();
		return new InMemoryRegisteredClientRepository(pages);
	}

	/** A signing key made for this run. */
	@Bean
	JWKSource<SecurityContext> keys() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
			.keyID("test-key")
			.build();
		return new ImmutableJWKSet<>(new JWKSet(key));
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(
				User.withUsername(USER).password("{noop}" + PASSWORD).roles("support").build());
	}

	/** Access tokens name the service as their audience and carry the user's roles. */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> serviceClaims() {
		return (context) -> {
			if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				List<String> roles = context.getPrincipal()
					.getAuthorities()
					.stream()
					.map(GrantedAuthority::getAuthority)
					.filter((authority) -> authority.startsWith("ROLE_"))
					.map((authority) -> authority.substring(5))
					.toList();
				context.getClaims().audience(List.of("delivery-tracking")).claim("roles", roles);
			}
		};
	}

	/** The pages call the discovery and token endpoints from their own origin. */
	@Bean
	CorsConfigurationSource corsConfigurationSource(Environment environment) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.addAllowedOrigin(environment.getRequiredProperty("identity-provider.pages-origin"));
		cors.addAllowedMethod("GET");
		cors.addAllowedMethod("POST");
		cors.addAllowedHeader("*");
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

}
