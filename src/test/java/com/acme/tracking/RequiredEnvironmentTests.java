package com.acme.tracking;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class RequiredEnvironmentTests {

	@Test
	void aProductionStartWithoutItsSettingsNamesEachMissingOne() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.kafka.bootstrap-servers", "k:9092");
		assertThatIllegalStateException().isThrownBy(() -> check(environment))
			.withMessageContaining("TRACKING_WAREHOUSE_URL")
			.withMessageContaining("TRACKING_WAREHOUSE_PASSWORD")
			.withMessageContaining("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI")
			.withMessageNotContaining("SPRING_KAFKA_BOOTSTRAP_SERVERS");
	}

	@Test
	void aCompleteProductionEnvironmentOrTheLocalProfileStarts() {
		MockEnvironment complete = new MockEnvironment().withProperty("spring.kafka.bootstrap-servers", "k:9092")
			.withProperty("spring.datasource.url", "jdbc:redshift://r:5439/t")
			.withProperty("spring.datasource.username", "u")
			.withProperty("spring.datasource.password", "p")
			.withProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "https://idp/jwks");
		assertThatNoException().isThrownBy(() -> check(complete));
		MockEnvironment local = new MockEnvironment();
		local.setActiveProfiles(RequiredEnvironment.LOCAL_PROFILE);
		assertThatNoException().isThrownBy(() -> check(local));
	}

	private static void check(MockEnvironment environment) {
		new RequiredEnvironment().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(null,
				new SpringApplication(TrackingApplication.class), new String[0], environment));
	}

}
