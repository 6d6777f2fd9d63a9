package com.acme.tracking.shared.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import com.acme.tracking.shared.Topics;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The live ingest: each replica reads both input topics in full under its own consumer
 * group, seeks back by the look-back on assignment, and sends what it cannot apply to the
 * dead-letter topic after bounded retries instead of stopping.
 */
@Configuration(proxyBeanMethods = false)
class LiveIngestConfiguration {

	/** The consumer group of this replica, unique so that it reads every partition. */
	@Bean
	LiveConsumerGroup liveConsumerGroup(IngestSettings settings) {
		return new LiveConsumerGroup(
				settings.groupPrefix() + "-" + hostName() + "-" + UUID.randomUUID().toString().substring(0, 8));
	}

	@Bean
	CommonErrorHandler liveErrorHandler(DeadLetters deadLetters, IngestSettings settings, CatchUp catchUp) {
		// a record given up on counts as read for the start-up catch-up, or readiness
		// would wait for a newer record on its partition
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
			deadLetters.accept(record, ex);
			catchUp.reached(record.topic(), record.partition(), record.offset() + 1);
		}, new FixedBackOff(settings.retryBackOff().toMillis(), settings.retries()));
		handler.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
		return handler;
	}

	@Bean
	LookBack lookBack(IngestSettings settings, CatchUp catchUp) {
		return new LookBack(java.util.Map.of(Topics.DELIVERY_EVENTS, settings.eventsLookBack(),
				Topics.COURIER_POSITIONS, settings.positionsLookBack()), catchUp, java.time.Clock.systemUTC());
	}

	private static String hostName() {
		String pod = System.getenv("HOSTNAME");
		if (pod != null && !pod.isBlank()) {
			return pod;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "replica";
		}
	}

}
