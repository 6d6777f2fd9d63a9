package com.acme.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every manifest in {@code k8s/} is valid against the Kubernetes API schema (the official
 * Java models, generated from Kubernetes' OpenAPI document: unknown fields, missing
 * required fields and wrong types are refused), and the probes point at paths this
 * service answers.
 */
@TrackingIntegrationTest
class KubernetesManifestsTests {

	private static final Map<String, Class<?>> KINDS = Map.of("apps/v1/Deployment", V1Deployment.class, "v1/Service",
			V1Service.class, "v1/ConfigMap", V1ConfigMap.class, "v1/Secret", V1Secret.class,
			"autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class, "policy/v1/PodDisruptionBudget",
			V1PodDisruptionBudget.class, "networking.k8s.io/v1/Ingress", V1Ingress.class);

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Test
	void everyManifestIsValidAgainstTheKubernetesSchema() throws Exception {
		List<String> kinds = new ArrayList<>();
		for (JsonObject manifest : manifests()) {
			String kind = manifest.get("apiVersion").getAsString() + "/" + manifest.get("kind").getAsString();
			kinds.add(kind);
			validate(kind, manifest);
		}
		assertThat(kinds).containsExactlyInAnyOrder("apps/v1/Deployment", "v1/Service", "v1/ConfigMap", "v1/Secret",
				"autoscaling/v2/HorizontalPodAutoscaler", "policy/v1/PodDisruptionBudget",
				"networking.k8s.io/v1/Ingress");
	}

	@Test
	void theValidatorRefusesWhatKubernetesWouldRefuse() {
		JsonObject typo = deployment();
		typo.getAsJsonObject("spec").add("replicass", typo.getAsJsonObject("spec").remove("replicas"));
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> validate("apps/v1/Deployment", typo));
		JsonObject noSelector = deployment();
		noSelector.getAsJsonObject("spec").remove("selector");
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> validate("apps/v1/Deployment", noSelector));
	}

	@Test
	void theProbesPointAtPathsTheServiceAnswers() throws Exception {
		V1Deployment deployment = V1Deployment.fromJson(new Gson().toJson(deployment()));
		var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
		Api api = new Api(this.port, this.kafka);
		for (var probe : List.of(container.getLivenessProbe(), container.getReadinessProbe(),
				container.getStartupProbe())) {
			String path = probe.getHttpGet().getPath();
			await().until(() -> api.get(path, null).status() == 200);
			assertThat(probe.getHttpGet().getPort().getStrValue()).isEqualTo("http");
		}
		assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
		assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
		assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(8080);
		long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
		assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
			.as("grace covers preStop plus the 20 s shutdown phase")
			.isGreaterThan(preStop + 20);
	}

	private static JsonObject deployment() {
		return manifests().stream()
			.filter((m) -> m.get("kind").getAsString().equals("Deployment"))
			.findFirst()
			.orElseThrow()
			.deepCopy();
	}

	private static void validate(String kind, JsonObject manifest) throws Exception {
		Class<?> model = KINDS.get(kind);
		assertThat(model).as("a model for " + kind).isNotNull();
		Method validate = model.getMethod("validateJsonElement", JsonElement.class);
		try {
			validate.invoke(null, manifest);
		}
		catch (java.lang.reflect.InvocationTargetException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

	private static List<JsonObject> manifests() {
		Gson gson = new Gson();
		List<JsonObject> manifests = new ArrayList<>();
		try (var files = Files.list(Path.of("k8s"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yaml")).sorted().toList()) {
				for (Object document : new Yaml().loadAll(Files.readString(file))) {
					if (document instanceof Map<?, ?> map) {
						manifests.add(gson.toJsonTree(map).getAsJsonObject());
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return manifests;
	}

}
