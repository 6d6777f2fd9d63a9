package com.acme.tracking.shared.kafka;

import java.time.Instant;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.delivery.DeliveryEventReceived;
import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.delivery.DeliveryStatus;
import com.acme.tracking.delivery.ingest.DeliveryEvent;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.shared.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failures inside the live ingest (issue 9). R2: a bug in the state code that throws on
 * one record — simulated by a proxy around the real {@link DeliveryStates} that throws
 * for one order before the state changes — costs that record only: it is retried a
 * bounded number of times, dead-lettered with its reason, and the partition goes on. R3:
 * an {@link Error} in a listener stops that listener's consumer, and liveness turns DOWN
 * so the orchestrator restarts the pod — never a replica that looks alive while one of
 * its consumers is dead. The Error is thrown by an extra position observer for one
 * courier, on the ingest thread, as a real OutOfMemoryError would be.
 */
@TrackingIntegrationTest
@Import(ListenerErrorTests.FailingObserver.class)
@DirtiesContext
class ListenerErrorTests {

	static final String FAILING_COURIER = "courier-error-" + java.util.UUID.randomUUID();

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	KafkaConnectionDetails kafkaConnection;

	static final String BUGGY_ORDER = "order-bug-" + java.util.UUID.randomUUID();

	static final java.util.concurrent.atomic.AtomicInteger buggyAttempts = new java.util.concurrent.atomic.AtomicInteger();

	@Autowired
	DeliveryStates deliveries;

	@Test
	void aRecordTheStateCodeCannotApplyIsRetriedThenDeadLetteredAndThePartitionGoesOn() {
		String buggy = BUGGY_ORDER;
		String next = Api.id("order-next");

		this.kafka
			.send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, 0, buggy, Api.EVENTS.encode(Api.createdEvent(buggy))));
		this.kafka
			.send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, 0, next, Api.EVENTS.encode(Api.createdEvent(next))));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.deliveries.find(next))
				.hasValueSatisfying((order) -> assertThat(order.status()).isEqualTo(DeliveryStatus.CREATED)));
		Map<String, String> reasons = Api.deadLetterReasons(this.kafkaConnection, List.of(buggy));
		assertThat(reasons).containsEntry(buggy, "processing failed: IllegalStateException");
		// the first attempt and tracking.ingest.retries (2) more, then given up on
		assertThat(buggyAttempts).hasValue(3);
		assertThat(this.deliveries.find(buggy)).isEmpty();
	}

	@Test
	void anErrorInAListenerTurnsLivenessDown() {
		Api api = new Api(this.port, this.kafka);
		await().until(() -> api.get("/actuator/health/readiness", null).status() == 200);
		assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);

		api.position(FAILING_COURIER, -23.5, -46.6, Instant.now(), 5f);

		await().until(() -> api.get("/actuator/health/liveness", null).status() == 503);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FailingObserver {

		@Bean
		static BeanPostProcessor buggyDeliveryStates() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String name) {
					if (!(bean instanceof DeliveryStates)) {
						return bean;
					}
					ProxyFactory proxy = new ProxyFactory(bean);
					proxy.setProxyTargetClass(true);
					proxy.addAdvice((MethodInterceptor) (invocation) -> {
						if (invocation.getMethod().getName().equals("apply")
								&& invocation.getArguments()[0] instanceof DeliveryEventReceived event
								&& event.orderId().equals(BUGGY_ORDER)) {
							buggyAttempts.incrementAndGet();
							throw new IllegalStateException("simulated bug");
						}
						return invocation.proceed();
					});
					return proxy.getProxy();
				}
			};
		}

		@Bean
		SmartInitializingSingleton failingObserver(CourierPositions couriers) {
			return () -> couriers.observe((position) -> {
				if (position.courierId().equals(FAILING_COURIER)) {
					throw new OutOfMemoryError("simulated by ListenerErrorTests");
				}
			});
		}

	}

}
