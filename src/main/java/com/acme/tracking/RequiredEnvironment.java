package com.acme.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Stops a production start (no {@code local} profile) before anything connects when a
 * setting it cannot run without is missing, naming the environment variable to set.
 */
public class RequiredEnvironment implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	/** Profile of the local runtime and the tests, where embedded servers stand in. */
	public static final String LOCAL_PROFILE = "local";

	private static final Map<String, String> REQUIRED = Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS",
			"spring.kafka.bootstrap-servers", "TRACKING_WAREHOUSE_URL", "spring.datasource.url",
			"TRACKING_WAREHOUSE_USERNAME", "spring.datasource.username", "TRACKING_WAREHOUSE_PASSWORD",
			"spring.datasource.password");

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		if (environment.matchesProfiles(LOCAL_PROFILE)) {
			return;
		}
		List<String> missing = new ArrayList<>();
		REQUIRED.forEach((variable, property) -> {
			if (!StringUtils.hasText(environment.getProperty(property))) {
				missing.add(variable);
			}
		});
		if (!StringUtils.hasText(environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri"))
				&& !StringUtils
					.hasText(environment.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri"))) {
			missing.add("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI (or ..._JWK_SET_URI)");
		}
		if (!missing.isEmpty()) {
			missing.sort(null);
			throw new IllegalStateException("Missing required setting(s): " + String.join(", ", missing)
					+ ". See the configuration table in README.md.");
		}
	}

}
