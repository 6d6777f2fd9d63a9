package com.acme.tracking.history.writer;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import com.acme.tracking.courier.ingest.CourierPositionMapper;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.Eta;
import com.acme.tracking.delivery.ingest.DeliveryEventMapper;
import com.acme.tracking.history.HistorySettings;
import com.acme.tracking.history.Warehouse;
import com.acme.tracking.shared.CustomerIds;
import com.acme.tracking.shared.kafka.DeadLetters;
import com.acme.tracking.shared.kafka.IngestSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The history writer, unless {@code tracking.history.writer.enabled=false}: its own
 * consumers (the fleet's shared group, from the earliest offset for a new group, batches
 * bounded by count and by the broker's wait), offsets committed after each batch's
 * warehouse transaction, and a failed batch retried with exponential back-off for as long
 * as the warehouse is down, so nothing is lost or skipped. A batch the warehouse refuses
 * for what it holds is split by the writer itself, which dead-letters the refused rows.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tracking.history.writer.enabled", matchIfMissing = true)
class HistoryWriterConfiguration {

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> historyListenerFactory(
			ConsumerFactory<String, byte[]> consumers, HistorySettings settings, MeterRegistry meters) {
		Map<String, Object> properties = new HashMap<>(consumers.getConfigurationProperties());
		properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.writer().maxBatch());
		properties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024);
		properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) settings.writer().maxWait().toMillis());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		DefaultKafkaConsumerFactory<String, byte[]> writerConsumers = new DefaultKafkaConsumerFactory<>(properties,
				consumers.getKeyDeserializer(), consumers.getValueDeserializer());
		// Kafka's own client metrics (records-lag-max and the rest) for the writer too.
		writerConsumers.addListener(new MicrometerConsumerListener<>(meters));
		factory.setConsumerFactory(writerConsumers);
		factory.setBatchListener(true);
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
		ExponentialBackOff backOff = new ExponentialBackOff(settings.writer().retryInitial().toMillis(), 2.0);
		backOff.setMaxInterval(settings.writer().retryMax().toMillis());
		factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
		return factory;
	}

	@Bean
	HistoryWriter historyWriter(Warehouse warehouse, Clock clock, IngestSettings ingest, DeadLetters deadLetters,
			DeliveryStates deliveries, Eta eta, MeterRegistry meters, CustomerIds customers) {
		return new HistoryWriter(warehouse, new CourierPositionMapper(ingest.maxClockSkew()),
				new DeliveryEventMapper(ingest.maxClockSkew(), customers), customers, clock, deadLetters, deliveries,
				new EtaReadings(deliveries, eta), meters);
	}

}
