package com.acme.tracking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature packages are modules whose dependencies point one way, without cycles, and
 * each only to the modules (and named interfaces) its {@code package-info.java} allows.
 * The build draws the module diagram from the same model; the copy in
 * {@code docs/modules/} (linked from the README) must be what the code says: after a
 * change of dependencies, regenerate it with
 * {@code ./mvnw verify -Dtest=ModularityTests -Dmodules.update=true} and review the diff.
 */
class ModularityTests {

	private static final Path COMMITTED = Path.of("docs/modules/components.puml");

	private final ApplicationModules modules = ApplicationModules.of(TrackingApplication.class);

	@Test
	void modulesDependOnEachOtherOnlyThroughTheirApis() {
		this.modules.verify();
	}

	@Test
	void theCommittedModuleDiagramIsTheOneTheCodeDraws() throws IOException {
		Path folder = Path.of("target/spring-modulith-docs");
		new Documenter(this.modules, Documenter.Options.defaults().withOutputFolder(folder.toString()))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml();
		List<String> drawn = Files.readAllLines(folder.resolve("components.puml"), StandardCharsets.UTF_8);
		if (Boolean.getBoolean("modules.update")) {
			Files.createDirectories(COMMITTED.getParent());
			Files.write(COMMITTED, drawn, StandardCharsets.UTF_8);
		}
		// the Documenter writes the relations in no fixed order: compare the lines as a
		// set
		assertThat(drawn)
			.as("the module diagram differs from " + COMMITTED + "; if intended, regenerate it "
					+ "(see ModularityTests)")
			.containsExactlyInAnyOrderElementsOf(Files.readAllLines(COMMITTED, StandardCharsets.UTF_8));
	}

}
