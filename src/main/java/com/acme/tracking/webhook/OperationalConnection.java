package com.acme.tracking.webhook;

/**
 * Where the operational database is, when something other than
 * {@code tracking.operational.*} knows (the local runtime's embedded PostgreSQL).
 *
 * @param url the JDBC URL
 * @param username the user
 * @param password the password
 */
public record OperationalConnection(String url, String username, String password) {
}
