package com.acme.tracking;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of the container image without a Docker engine: the packaged jar
 * has the layers the Dockerfile copies, in the order it copies them, and the image runs
 * the Spring Boot launcher as a non-root user on a Java 25 runtime.
 */
class ContainerImageIT {

	@Test
	void theDockerfileCopiesEveryLayerOfTheJarAndRunsItsLauncherAsNonRoot() throws Exception {
		File jar = Arrays.stream(new File("target").listFiles())
			.filter((f) -> f.getName().matches("delivery-tracking-.*\\.jar"))
			.findFirst()
			.orElseThrow();
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Djarmode=tools", "-jar", jar.getPath(), "list-layers")
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		List<String> layers = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
			.map(String::trim)
			.filter((line) -> !line.isEmpty())
			.toList();
		assertThat(layers).containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies",
				"application");

		List<String> dockerfile = Files.readAllLines(Path.of("Dockerfile"));
		List<String> copied = dockerfile.stream()
			.filter((line) -> line.startsWith("COPY --from=build /layers/"))
			.map((line) -> line.replaceAll("COPY --from=build /layers/([^/]+)/.*", "$1"))
			.toList();
		assertThat(copied).as("layers copied, least changing first").isEqualTo(layers);
		assertThat(dockerfile).anyMatch((line) -> line.matches("FROM eclipse-temurin:25-jre.*"))
			.anyMatch((line) -> line.startsWith("USER 10001"))
			.anyMatch((line) -> line.startsWith("HEALTHCHECK"))
			.anyMatch((line) -> line
				.equals("ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]"));
	}

}
