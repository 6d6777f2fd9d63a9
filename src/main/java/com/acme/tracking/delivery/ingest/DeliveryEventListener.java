package com.acme.tracking.delivery.ingest;

import java.util.List;

import com.acme.tracking.delivery.DeliveryStates;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.kafka.CatchUp;
import com.acme.tracking.shared.kafka.DeadLetters;
import com.acme.tracking.shared.kafka.LiveIngest;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Applies {@code tracking.delivery-events.v1} to the hot state of orders. */
@Component
class DeliveryEventListener {

	private final DeliveryStates deliveries;

	private final DeliveryEventMapper mapper;

	private final LiveIngest ingest;

	DeliveryEventListener(DeliveryStates deliveries, DeliveryEventMapper mapper, DeadLetters deadLetters,
			CatchUp catchUp, MeterRegistry meters) {
		this.deliveries = deliveries;
		this.mapper = mapper;
		this.ingest = new LiveIngest(Topics.DELIVERY_EVENTS, deadLetters, catchUp, meters);
	}

	@KafkaListener(id = "live-delivery-events", topics = Topics.DELIVERY_EVENTS, groupId = "#{@liveConsumerGroup.id()}",
			batch = "true")
	void onBatch(List<ConsumerRecord<String, byte[]>> records) {
		this.ingest.run(records, (value, contentType, producedAt) -> this.deliveries
			.apply(this.mapper.map(value, contentType, producedAt)));
	}

}
