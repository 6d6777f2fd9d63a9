package com.acme.tracking.shared.avro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every schema the service has published ({@code api/avro/published/<Record>-v<n>.avsc})
 * stays readable by the current one ({@code api/avro/<Record>.avsc}): a producer still
 * encoding with an old file must never be dead-lettered because the schema moved on.
 * Avro's own schema resolution decides (reader = current, writer = published).
 */
class PublishedSchemasTests {

	private static final Path AVRO = Path.of("api/avro");

	private static final Pattern VERSION = Pattern.compile("(\\w+)-v(\\d+)\\.avsc");

	@TestFactory
	Stream<DynamicTest> everyPublishedSchemaIsReadableByTheCurrentOne() throws IOException {
		List<Path> published = published();
		assertThat(published).as("api/avro/published holds no schema").isNotEmpty();
		return published.stream().map((file) -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
			Schema writer = parse(file);
			Schema reader = parse(current(recordOf(file)));
			SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
			assertThat(compatibility.getType())
				.as("%s cannot read what %s producers write: %s", current(recordOf(file)), file,
						compatibility.getResult()
							.getIncompatibilities()
							.stream()
							.map((problem) -> problem.getType() + " at " + problem.getLocation() + " ("
									+ problem.getMessage() + ")")
							.toList())
				.isEqualTo(SchemaCompatibilityType.COMPATIBLE);
		}));
	}

	/**
	 * The current schema is itself published, as its newest version: a change to an
	 * {@code .avsc} comes with a new {@code -v<n+1>} copy, so that the version it
	 * replaces is kept by construction and checked from then on.
	 */
	@Test
	void eachCurrentSchemaIsItsNewestPublishedVersion() throws IOException {
		for (String record : List.of("DeliveryEvent", "CourierPosition")) {
			Path newest = published().stream()
				.filter((file) -> recordOf(file).equals(record))
				.max(Comparator.comparingInt(PublishedSchemasTests::versionOf))
				.orElseThrow(() -> new AssertionError("no published version of " + record));
			assertThat(SchemaNormalization.toParsingForm(parse(current(record))))
				.as("api/avro/%s.avsc changed without being published as %s-v%d.avsc", record, record,
						versionOf(newest) + 1)
				.isEqualTo(SchemaNormalization.toParsingForm(parse(newest)));
		}
	}

	@Test
	void theServiceRegistersEveryPublishedVersion() throws IOException {
		for (String record : List.of("DeliveryEvent", "CourierPosition")) {
			long files = published().stream().filter((file) -> recordOf(file).equals(record)).count();
			assertThat(PublishedSchemas.of(record)).hasSize((int) files);
		}
	}

	private static List<Path> published() throws IOException {
		try (Stream<Path> files = Files.list(AVRO.resolve("published"))) {
			List<Path> schemas = files.filter((file) -> file.toString().endsWith(".avsc")).sorted().toList();
			for (Path file : schemas) {
				assertThat(VERSION.matcher(file.getFileName().toString()).matches())
					.as("%s is not named <Record>-v<n>.avsc", file)
					.isTrue();
			}
			return schemas;
		}
	}

	private static String recordOf(Path published) {
		Matcher name = VERSION.matcher(published.getFileName().toString());
		assertThat(name.matches()).isTrue();
		return name.group(1);
	}

	private static int versionOf(Path published) {
		Matcher name = VERSION.matcher(published.getFileName().toString());
		assertThat(name.matches()).isTrue();
		return Integer.parseInt(name.group(2));
	}

	private static Path current(String record) {
		Path file = AVRO.resolve(record + ".avsc");
		assertThat(file).as("published %s has no current schema", record).exists();
		return file;
	}

	private static Schema parse(Path file) throws IOException {
		return new Schema.Parser().parse(file.toFile());
	}

}
