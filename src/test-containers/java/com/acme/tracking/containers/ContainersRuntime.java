package com.acme.tracking.containers;

import com.acme.tracking.shared.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The broker and the database of {@code ./mvnw -Pcontainers verify}: Testcontainers' Kafka
 * and PostgreSQL, connected through Spring Boot's service connections. Only the source of
 * the connection details changes; the tests are the same.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ContainersRuntime {

	@Bean
	@ServiceConnection
	KafkaContainer kafka() {
		return new KafkaContainer(DockerImageName.parse("apache/kafka-native:4.1.0"));
	}

	@Bean
	@ServiceConnection
	PostgreSQLContainer postgres() {
		return new PostgreSQLContainer(DockerImageName.parse("postgres:16-alpine"));
	}

	/** The topics, with the partition count the tests expect (created by KafkaAdmin). */
	@Bean
	KafkaAdmin.NewTopics trackingTopics() {
		return new KafkaAdmin.NewTopics(new NewTopic(Topics.DELIVERY_EVENTS, 6, (short) 1),
				new NewTopic(Topics.COURIER_POSITIONS, 6, (short) 1), new NewTopic(Topics.NOTIFICATIONS, 6, (short) 1),
				new NewTopic(Topics.DEAD_LETTER, 6, (short) 1));
	}

}
