package com.acme.tracking.shared.kafka;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.acme.tracking.Api;
import com.acme.tracking.RequiredEnvironment;
import com.acme.tracking.TrackingApplication;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.local.LocalRuntime;
import com.acme.tracking.shared.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters across a fleet of two replicas (the test's own and a second one started
 * here, without a history writer): every dead-letter series is exported at 0 from the
 * start, a bad record, which both replicas read and count, is published once, and one
 * that arrives while its partition's owner leaves is published all the same.
 */
@TrackingIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLetterFleetTests {

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	@Autowired
	JdbcConnectionDetails jdbcConnection;

	@Autowired
	DeadLetterOwnership ownership;

	@Autowired
	MeterRegistry meters;

	ConfigurableApplicationContext second;

	/** What the second replica exported right after it started. */
	String exportedAtStart;

	@BeforeAll
	void startSecondReplica() {
		// no look-back: the second replica counts nothing that earlier tests produced
		this.second = new SpringApplicationBuilder(TrackingApplication.class, LocalRuntime.class)
			.profiles(RequiredEnvironment.LOCAL_PROFILE)
			// command-line arguments: a default property would lose to application.yaml's
			// server.port 8080
			.run("--server.port=0", "--tracking.local.external-kafka=" + Api.bootstrap(this.kafkaConnection),
					"--tracking.local.jdbc-url=" + this.jdbcConnection.getJdbcUrl(),
					"--tracking.ingest.positions-look-back=0s", "--tracking.ingest.events-look-back=0s",
					"--tracking.history.writer.enabled=false");
		this.exportedAtStart = new Api(port(this.second), this.kafka).get("/actuator/prometheus", null).body();
	}

	@AfterAll
	void stopSecondReplica() {
		if (this.second != null) {
			this.second.close();
		}
	}

	@Test
	@Order(1)
	void rightAfterStartEveryAlertingSeriesIsExportedAtZero() {
		for (String topic : List.of(Topics.COURIER_POSITIONS, Topics.DELIVERY_EVENTS)) {
			for (String kind : List.of("rejected", "failed", "refused")) {
				assertThat(this.exportedAtStart).as(topic + " " + kind)
					.containsPattern("(?m)^tracking_ingest_dead_letters_total\\{[^}]*kind=\"" + kind + "\",topic=\""
							+ topic.replace(".", "\\.") + "\"[^}]*} 0\\.0$");
			}
		}
		for (String kind : List.of("STATUS", "ARRIVING", "ARRIVED")) {
			assertThat(this.exportedAtStart).as("notifications " + kind)
				.containsPattern(
						"(?m)^tracking_notifications_published_total\\{[^}]*kind=\"" + kind + "\"[^}]*} 0\\.0$");
		}
		for (String role : List.of("customer", "share-link", "partner", "support")) {
			assertThat(this.exportedAtStart).as("capped " + role)
				.containsPattern("(?m)^tracking_push_capped_total\\{[^}]*role=\"" + role + "\"[^}]*} 0\\.0$");
		}
		assertThat(this.exportedAtStart).containsPattern("(?m)^tracking_push_refused_total\\{[^}]*} 0\\.0$")
			.containsPattern("(?m)^tracking_http_rate_limited_total\\{[^}]*} 0\\.0$")
			.containsPattern("(?m)^tracking_ingest_dead_letters_withheld_dropped_total\\{[^}]*} 0\\.0$")
			.containsPattern("(?m)^tracking_ingest_dead_letters_handed_over_total\\{[^}]*} 0\\.0$");
	}

	/**
	 * Two bad records, one on a partition each replica owns: each is dead-lettered
	 * exactly once, and both replicas count both.
	 */
	@Test
	@Order(2)
	void aBadRecordIsPublishedOnceByTheFleetAndCountedByEachReplica() {
		DeadLetterOwnership other = this.second.getBean(DeadLetterOwnership.class);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			Set<TopicPartition> mine = this.ownership.owned();
			Set<TopicPartition> theirs = other.owned();
			assertThat(mine).isNotNull().isNotEmpty();
			assertThat(theirs).isNotNull().isNotEmpty().doesNotContainAnyElementsOf(mine);
			Set<TopicPartition> all = new HashSet<>(mine);
			all.addAll(theirs);
			assertThat(all).hasSize(12);
		});
		await().atMost(Duration.ofSeconds(60)).until(() -> this.second.getBean(CatchUp.class).caughtUp());
		int minePartition = partitionOf(this.ownership.owned());
		int theirsPartition = partitionOf(other.owned());
		MeterRegistry otherMeters = this.second.getBean(MeterRegistry.class);
		double mineBefore = rejected(this.meters);
		double theirsBefore = rejected(otherMeters);

		String onMine = Api.id("poison-mine");
		String onTheirs = Api.id("poison-theirs");
		this.kafka.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, minePartition, onMine, new byte[] { 1, 2, 3 }));
		this.kafka
			.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, theirsPartition, onTheirs, new byte[] { 1, 2, 3 }));
		this.kafka.flush();

		Map<String, List<String>> reasons = DeadLetterTopic.reasons(this.kafkaConnection, List.of(onMine, onTheirs),
				Duration.ofSeconds(30), Duration.ofSeconds(3));
		assertThat(reasons.get(onMine)).as("dead letters of the record on a partition of this replica")
			.containsExactly("not Avro single-object encoded (no C3 01 header)");
		assertThat(reasons.get(onTheirs)).as("dead letters of the record on a partition of the other replica")
			.containsExactly("not Avro single-object encoded (no C3 01 header)");
		await().untilAsserted(() -> {
			assertThat(rejected(this.meters) - mineBefore).isEqualTo(2);
			assertThat(rejected(otherMeters) - theirsBefore).isEqualTo(2);
		});
	}

	/**
	 * The second replica shuts down as a replica does: its listeners stop reading, then
	 * it leaves the ownership group, and the fleet rebalances seconds later. A bad record
	 * on one of its partitions that arrives in between is still dead-lettered, once: this
	 * replica kept it and publishes it when it is given the partition. Stops the second
	 * replica: runs last.
	 */
	@Test
	@Order(3)
	void aBadRecordArrivingWhileItsOwnerShutsDownIsStillDeadLettered() {
		DeadLetterOwnership other = this.second.getBean(DeadLetterOwnership.class);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(other.owned()).isNotNull().isNotEmpty();
			assertThat(this.ownership.owned()).isNotNull().isNotEmpty().doesNotContainAnyElementsOf(other.owned());
		});
		await().atMost(Duration.ofSeconds(60)).until(() -> this.second.getBean(CatchUp.class).caughtUp());
		int theirsPartition = partitionOf(other.owned());
		double before = rejected(this.meters);
		// the first step of a shutdown: the listener containers stop (phase above the
		// ownership's)
		this.second.getBean(KafkaListenerEndpointRegistry.class).stop();

		String key = Api.id("poison-orphan");
		this.kafka.send(new ProducerRecord<>(Topics.COURIER_POSITIONS, theirsPartition, key, new byte[] { 1, 2, 3 }));
		this.kafka.flush();
		// found here, and left to the second replica, which still owns the partition
		await().untilAsserted(() -> assertThat(rejected(this.meters) - before).isEqualTo(1));
		assertThat(this.ownership.publishes(Topics.COURIER_POSITIONS, theirsPartition)).isFalse();
		// the second step: the second replica leaves the ownership group
		other.stop();

		Map<String, List<String>> reasons = DeadLetterTopic.reasons(this.kafkaConnection, List.of(key),
				Duration.ofSeconds(60), Duration.ofSeconds(3));
		assertThat(reasons.get(key)).as("dead letters of a record on the partition of a replica that left")
			.containsExactly("not Avro single-object encoded (no C3 01 header)");
	}

	private static int partitionOf(Set<TopicPartition> owned) {
		return owned.stream()
			.filter((tp) -> tp.topic().equals(Topics.COURIER_POSITIONS))
			.findFirst()
			.orElseThrow(() -> new AssertionError("owns no partition of " + Topics.COURIER_POSITIONS + ": " + owned))
			.partition();
	}

	private static double rejected(MeterRegistry meters) {
		return meters.get("tracking.ingest.dead.letters")
			.tag("topic", Topics.COURIER_POSITIONS)
			.tag("kind", "rejected")
			.counter()
			.count();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
