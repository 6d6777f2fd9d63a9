package com.acme.tracking.local;

import java.util.List;

import com.acme.tracking.shared.Topics;
import com.acme.tracking.webhook.OperationalConnection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The embedded servers and development conveniences of the local runtime and the tests: a
 * real KRaft Kafka broker in this JVM (also on
 * localhost:{@code tracking.local.kafka-port} when that is set, 9092 in the local
 * runtime), a real PostgreSQL, JWTs signed with the development HMAC key,
 * {@code /dev/tokens}, {@code /dev/static} and the fleet simulator.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(SimulatorSettings.class)
@Import({ DevEndpoints.class, FleetSimulator.class, BaselineWebSocket.class })
public class LocalRuntime {

	/**
	 * Partitions of each input topic: enough for a few replicas of the history writer.
	 */
	static final int PARTITIONS = 6;

	/**
	 * The broker in this JVM, unless {@code tracking.local.external-kafka} names another.
	 */
	@Bean
	@ConditionalOnExpression("'${tracking.local.external-kafka:}' == '' && !${tracking.local.containers:false}")
	EmbeddedKafkaKraftBroker embeddedKafka(Environment environment) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, Topics.DELIVERY_EVENTS,
				Topics.COURIER_POSITIONS, Topics.NOTIFICATIONS, Topics.DEAD_LETTER, Topics.AUDIT);
		int port = environment.getProperty("tracking.local.kafka-port", Integer.class, 0);
		if (port > 0) {
			// The test kit binds random ports; a third listener serves outside clients on
			// a
			// fixed one.
			broker.brokerProperty("listeners",
					"EXTERNAL://localhost:0,CONTROLLER://localhost:0,LOCAL://localhost:" + port);
			broker.brokerProperty("listener.security.protocol.map",
					"EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,LOCAL:PLAINTEXT");
		}
		broker.brokerProperty("log.retention.hours", "24");
		return broker;
	}

	@Bean
	@ConditionalOnExpression("!${tracking.local.containers:false} || '${tracking.local.external-kafka:}' != ''")
	KafkaConnectionDetails kafkaConnectionDetails(ObjectProvider<EmbeddedKafkaKraftBroker> broker,
			Environment environment) {
		String external = environment.getProperty("tracking.local.external-kafka", "");
		List<String> servers = List
			.of((external.isEmpty() ? broker.getObject().getBrokersAsString() : external).split(","));
		return () -> servers;
	}

	/**
	 * The shared embedded PostgreSQL, unless {@code tracking.local.jdbc-url} names
	 * another (a test that stops and restarts its own).
	 */
	@Bean
	@ConditionalOnExpression("!${tracking.local.containers:false} || '${tracking.local.jdbc-url:}' != ''")
	JdbcConnectionDetails jdbcConnectionDetails(Environment environment) {
		String configured = environment.getProperty("tracking.local.jdbc-url", "");
		String base = configured.isEmpty()
				? EmbeddedWarehouse.jdbcUrl(environment.getProperty("tracking.local.warehouse-port", Integer.class, 0))
				: configured;
		String url = base + (base.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return "postgres";
			}

			@Override
			public String getPassword() {
				return "postgres";
			}

			@Override
			public String getJdbcUrl() {
				return url;
			}

		};
	}

	/**
	 * The operational database (webhooks): a database of its own, {@code operational}, in
	 * the shared embedded PostgreSQL, so that a test that stops its warehouse leaves the
	 * webhooks running.
	 */
	@Bean
	OperationalConnection operationalConnection(Environment environment) {
		return new OperationalConnection(
				EmbeddedWarehouse.database("operational",
						environment.getProperty("tracking.local.warehouse-port", Integer.class, 0)),
				"postgres", "postgres");
	}

	/**
	 * Tokens signed with the development key; the production profile has no such bean.
	 * {@code tracking.local.dev-tokens=false} leaves it out, for a test that verifies an
	 * identity provider's tokens as production does (issuer URI).
	 */
	@Bean
	@ConditionalOnExpression("${tracking.local.dev-tokens:true}")
	JwtDecoder devJwtDecoder(
			@org.springframework.beans.factory.annotation.Value("${spring.security.oauth2.resourceserver.jwt.audiences}") List<String> audiences) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(DevKeys.hmacKey())
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		// like production's issuer-uri decoder: expiry, the issuer and the audience are
		// checked
		decoder.setJwtValidator(new org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator<>(
				org.springframework.security.oauth2.jwt.JwtValidators.createDefaultWithIssuer(DevKeys.ISSUER),
				new org.springframework.security.oauth2.jwt.JwtClaimValidator<List<String>>("aud",
						(aud) -> aud != null && aud.stream().anyMatch(audiences::contains))));
		return decoder;
	}

	@Bean
	@Order(0)
	SecurityFilterChain devEndpointsSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher("/dev/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

}
