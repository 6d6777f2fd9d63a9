package com.acme.tracking.webhook;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** The webhook feature, when the operational database is configured. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${tracking.operational.url:}' != ''")
class WebhookConfiguration {

	@Bean
	Destinations webhookDestinations(WebhookSettings settings) {
		return new Destinations(Destinations.DNS, settings.allowLocalhost());
	}

	@Bean
	Webhooks webhooks(WebhookRepository repository, Destinations destinations, WebhookSettings settings, Clock clock) {
		return new Webhooks(repository, Webhooks.secretBox(settings), destinations, settings, clock);
	}

	@Bean
	DeliveryLog webhookDeliveryLog(@Qualifier("operationalJdbc") NamedParameterJdbcTemplate jdbc,
			@Qualifier("operational") org.springframework.transaction.support.TransactionTemplate transaction) {
		return new DeliveryLog(jdbc, transaction);
	}

	@Bean
	WithheldOrders withheldOrders(DeliveryLog log, Clock clock) {
		return new WithheldOrders(log, clock);
	}

	@Bean
	Dispatcher webhookDispatcher(DeliveryLog log, WebhookRepository repository, Webhooks webhooks,
			Destinations destinations, WebhookSettings settings, Clock clock, MeterRegistry meters) {
		return new Dispatcher(log, repository, webhooks, destinations, settings, clock, meters);
	}

	@Bean
	WebhookIntake webhookIntake(WebhookRepository repository, DeliveryLog log, Dispatcher dispatcher,
			WebhookSettings settings, Clock clock, MeterRegistry meters) {
		return new WebhookIntake(repository, log, dispatcher, settings, clock, meters);
	}

	/**
	 * The intake's consumers: from the earliest notification the group has not read (a
	 * new group skips what is older than retry-for), batches committed after they are
	 * logged, and retried without end while the operational database is down (nothing is
	 * skipped).
	 */
	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> webhookListenerFactory(
			ConsumerFactory<String, byte[]> consumers) {
		Map<String, Object> properties = new HashMap<>(consumers.getConfigurationProperties());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
		ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(properties, consumers.getKeyDeserializer(),
				consumers.getValueDeserializer()));
		factory.setBatchListener(true);
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
		ExponentialBackOff backOff = new ExponentialBackOff(1000, 2.0);
		backOff.setMaxInterval(30_000);
		factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
		return factory;
	}

}
