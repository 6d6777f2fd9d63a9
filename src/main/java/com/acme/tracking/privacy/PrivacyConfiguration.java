package com.acme.tracking.privacy;

import java.time.Clock;

import com.acme.tracking.access.AuditLog;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.history.Warehouse;
import com.acme.tracking.shared.CustomerIds;
import com.acme.tracking.webhook.WithheldOrders;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The privacy module's beans. The audit trail always runs (to Kafka, and to the
 * operational database when there is one); retention and erasure need the operational
 * database (the fleet's lock, the erasures), and erasure also a privacy key.
 */
@Configuration(proxyBeanMethods = false)
class PrivacyConfiguration {

	@Bean
	AuditTrail auditTrail(@Qualifier("operationalJdbc") ObjectProvider<NamedParameterJdbcTemplate> jdbc,
			KafkaTemplate<String, byte[]> kafka, JsonMapper json, MeterRegistry meters) {
		return new AuditTrail(jdbc.getIfAvailable(), kafka, json, meters);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnExpression("'${tracking.operational.url:}' != ''")
	static class WithOperationalDatabase {

		@Bean(destroyMethod = "stop")
		RetentionJob retentionJob(Warehouse warehouse,
				@Qualifier("operationalJdbc") NamedParameterJdbcTemplate operational,
				ObjectProvider<WithheldOrders> webhooks, RetentionSettings settings, Clock clock,
				MeterRegistry meters) {
			return new RetentionJob(warehouse, operational, webhooks.getIfAvailable(), settings, clock, meters);
		}

		@Bean
		Erasures erasures(@Qualifier("operationalJdbc") NamedParameterJdbcTemplate operational, Clock clock) {
			return new Erasures(operational, clock);
		}

		@Bean
		ErasedCustomers erasedCustomers(Erasures erasures, CustomerIds customers, DeliveryStates deliveries) {
			return new ErasedCustomers(erasures, customers, deliveries);
		}

		@Bean
		ErasureWorker erasureWorker(Erasures erasures, Warehouse warehouse, DeliveryStates deliveries,
				CustomerIds customers, ObjectProvider<WithheldOrders> withheld, AuditLog audit,
				ErasureSettings settings) {
			return new ErasureWorker(erasures, warehouse, deliveries, customers, withheld.getIfAvailable(), audit,
					settings);
		}

	}

}
