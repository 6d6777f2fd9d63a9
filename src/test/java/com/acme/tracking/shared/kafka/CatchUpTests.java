package com.acme.tracking.shared.kafka;

import com.acme.tracking.shared.Topics;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CatchUpTests {

	final CatchUp catchUp = new CatchUp();

	final TopicPartition events0 = new TopicPartition(Topics.DELIVERY_EVENTS, 0);

	final TopicPartition positions0 = new TopicPartition(Topics.COURIER_POSITIONS, 0);

	@Test
	void notCaughtUpUntilBothInputsAreAssignedAndReadToTheirEndOffsets() {
		assertThat(this.catchUp.caughtUp()).isFalse();
		this.catchUp.expect(this.events0, 100, 40);
		this.catchUp.expect(this.positions0, 5, 5);
		assertThat(this.catchUp.caughtUp()).isFalse();
		this.catchUp.reached(Topics.DELIVERY_EVENTS, 0, 99);
		assertThat(this.catchUp.caughtUp()).isFalse();
		this.catchUp.reached(Topics.DELIVERY_EVENTS, 0, 100);
		assertThat(this.catchUp.caughtUp()).isTrue();
		assertThat(this.catchUp.catchUpSeconds()).isNotNegative();
	}

	@Test
	void recordsArrivingAfterStartDoNotHoldReadinessBack() {
		this.catchUp.expect(this.events0, 10, 10);
		this.catchUp.expect(this.positions0, 0, 0);
		assertThat(this.catchUp.caughtUp()).isTrue();
	}

}
