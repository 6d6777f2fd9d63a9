package com.acme.tracking.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operational database ({@code tracking.operational.*}):
 * {@code TRACKING_OPERATIONAL_DB_URL}, {@code _USERNAME}, {@code _PASSWORD} in production
 * (a {@code jdbc:postgresql:} URL, Amazon RDS). Without a URL the webhooks are off: their
 * API answers 503 and nothing is dispatched; everything else runs.
 *
 * @param url the JDBC URL; empty: no operational database
 * @param username the user
 * @param password the password
 * @param maximumPoolSize connections at most
 */
@ConfigurationProperties("tracking.operational")
record OperationalDatabaseSettings(@DefaultValue("") String url, @DefaultValue("") String username,
		@DefaultValue("") String password, @DefaultValue("5") int maximumPoolSize) {
}
