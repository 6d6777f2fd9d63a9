package com.acme.tracking.courier.ingest;

import java.util.List;

import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.shared.Topics;
import com.acme.tracking.shared.kafka.CatchUp;
import com.acme.tracking.shared.kafka.DeadLetters;
import com.acme.tracking.shared.kafka.LiveIngest;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Applies {@code tracking.courier-positions.v1} to the hot state of couriers. */
@Component
class CourierPositionListener {

	private final CourierPositions positions;

	private final CourierPositionMapper mapper;

	private final LiveIngest ingest;

	CourierPositionListener(CourierPositions positions, CourierPositionMapper mapper, DeadLetters deadLetters,
			CatchUp catchUp, MeterRegistry meters) {
		this.positions = positions;
		this.mapper = mapper;
		this.ingest = new LiveIngest(Topics.COURIER_POSITIONS, deadLetters, catchUp, meters);
	}

	@KafkaListener(id = "live-courier-positions", topics = Topics.COURIER_POSITIONS,
			groupId = "#{@liveConsumerGroup.id()}", batch = "true",
			concurrency = "${tracking.ingest.positions-concurrency:2}")
	void onBatch(List<ConsumerRecord<String, byte[]>> records) {
		this.ingest.run(records, (value, contentType, producedAt) -> this.positions
			.apply(this.mapper.map(value, contentType, producedAt)));
	}

}
