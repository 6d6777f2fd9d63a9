package com.acme.tracking.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.acme.tracking.TrackingIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded PostgreSQL is migrated at start from {@code db/migration/postgresql}, and
 * the Redshift folder declares the same tables and columns without what Redshift lacks.
 */
@TrackingIntegrationTest
class WarehouseMigrationTests {

	private static final Pattern CREATE_TABLE = Pattern.compile("CREATE TABLE (\\w+) \\((.*?)\\n\\)",
			Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void postgresqlIsMigratedAtStartWithTheHistoryTables() {
		List<String> tables = this.jdbc.queryForList(
				"SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
				String.class);
		assertThat(tables).contains("courier_positions", "delivery_events", "flyway_schema_history");
		assertThat(columnsInDatabase()).isEqualTo(declaredColumns("postgresql"));
	}

	@Test
	void bothDialectsDeclareTheSameTablesAndColumns() throws Exception {
		assertThat(declaredColumns("redshift")).isEqualTo(declaredColumns("postgresql"));
	}

	@Test
	void redshiftMigrationsUseNothingRedshiftLacks() throws Exception {
		for (Path file : migrations("redshift")) {
			String sql = Files.readString(file).replaceAll("--[^\\n]*", "").toUpperCase();
			assertThat(sql).as(file.toString())
				.doesNotContain("ON CONFLICT", "RETURNING", "JSONB", "SERIAL", "[]", "CREATE INDEX", "USING BRIN");
			assertThat(sql).as(file + ": partial index").doesNotContainPattern("INDEX[^;]*WHERE");
		}
	}

	private Map<String, TreeSet<String>> columnsInDatabase() {
		Map<String, TreeSet<String>> columns = new TreeMap<>();
		this.jdbc.query("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
				+ "AND table_name <> 'flyway_schema_history'", (row) -> {
					columns.computeIfAbsent(row.getString(1), (t) -> new TreeSet<>()).add(row.getString(2));
				});
		return columns;
	}

	static Map<String, TreeSet<String>> declaredColumns(String dialect) {
		Map<String, TreeSet<String>> columns = new TreeMap<>();
		for (Path file : migrations(dialect)) {
			String sql = read(file).replaceAll("--[^\\n]*", "");
			Matcher table = CREATE_TABLE.matcher(sql);
			while (table.find()) {
				TreeSet<String> names = new TreeSet<>();
				for (String line : table.group(2).split(",\\s*\\n")) {
					String trimmed = line.trim();
					if (!trimmed.isEmpty()) {
						names.add(trimmed.split("\\s+")[0].toLowerCase());
					}
				}
				columns.put(table.group(1).toLowerCase(), names);
			}
		}
		return columns;
	}

	private static List<Path> migrations(String dialect) {
		try (var files = Files.list(Path.of("db/migration", dialect))) {
			return files.filter((f) -> f.toString().endsWith(".sql")).sorted().toList();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
