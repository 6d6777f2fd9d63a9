package com.acme.tracking.live.push;

import java.util.ArrayList;
import java.util.List;

import com.acme.tracking.delivery.Audience;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionTests {

	static final long SECOND = 1_000_000_000L;

	final List<String> sent = new ArrayList<>();

	final Subscription subscription = new Subscription("s:1", "o1", Audience.CUSTOMER, new Sink() {

		@Override
		public void send(String type, byte[] body, long version) {
			SubscriptionTests.this.sent.add(type + ":" + new String(body));
		}

		@Override
		public boolean open() {
			return true;
		}

	}, SECOND);

	@Test
	void aPositionGoesOutAtOnceWhenNoneWentOutWithinTheInterval() {
		assertThat(this.subscription.offerPosition("p1".getBytes(), 10 * SECOND)).isFalse();
		assertThat(this.sent).containsExactly("position:p1");
	}

	@Test
	void positionsWithinTheIntervalAreConflatedAndTheNewestWins() {
		this.subscription.offerPosition("p1".getBytes(), 10 * SECOND);
		assertThat(this.subscription.offerPosition("p2".getBytes(), 10 * SECOND + 100)).as("a burst of two").isFalse();
		assertThat(this.subscription.offerPosition("p3".getBytes(), 10 * SECOND + 200)).as("held").isTrue();
		assertThat(this.subscription.offerPosition("p4".getBytes(), 10 * SECOND + 300)).as("already waiting").isFalse();
		assertThat(this.subscription.flush(10 * SECOND + SECOND / 2)).as("not due yet").isTrue();
		assertThat(this.subscription.flush(11 * SECOND)).isFalse();
		assertThat(this.sent).containsExactly("position:p1", "position:p2", "position:p4");
		assertThat(this.subscription.flush(12 * SECOND)).as("nothing waits").isFalse();
		assertThat(this.sent).hasSize(3);
	}

	@Test
	void theSustainedRateStaysOnePerInterval() {
		long ms = 1_000_000L;
		for (int i = 0; i < 100; i++) { // ten a second for ten seconds
			long now = 10 * SECOND + i * 100 * ms;
			this.subscription.offerPosition(("p" + i).getBytes(), now);
			this.subscription.flush(now);
		}
		assertThat(this.sent).hasSizeBetween(10, 12);
	}

	@Test
	void aCourierSendingOnceAnIntervalWithJitterIsNeverHeld() {
		long ms = 1_000_000L;
		long[] times = { 10 * SECOND, 11 * SECOND + 100 * ms, 11 * SECOND + 950 * ms, 13 * SECOND + 50 * ms,
				13 * SECOND + 900 * ms };
		for (long time : times) {
			assertThat(this.subscription.offerPosition(("p" + time).getBytes(), time)).isFalse();
		}
		assertThat(this.sent).hasSize(5);
	}

	@Test
	void aHeldPositionGoesOutOnTheCadenceEvenWhenTheFlushRunsLate() {
		long ms = 1_000_000L;
		this.subscription.offerPosition("p1".getBytes(), 10 * SECOND);
		this.subscription.offerPosition("p2".getBytes(), 10 * SECOND + 100 * ms);
		assertThat(this.subscription.flush(10 * SECOND + 760 * ms)).as("10 ms late").isFalse();
		this.subscription.offerPosition("p3".getBytes(), 10 * SECOND + 800 * ms);
		assertThat(this.subscription.flush(11 * SECOND + 750 * ms)).isFalse();
		assertThat(this.sent).containsExactly("position:p1", "position:p2", "position:p3");
	}

	@Test
	void statusMessagesAreNeverConflatedOrDropped() {
		this.subscription.offerPosition("p1".getBytes(), 10 * SECOND);
		this.subscription.send("status", "PICKED_UP".getBytes(), 3);
		this.subscription.send("status", "OUT_FOR_DELIVERY".getBytes(), 4);
		this.subscription.send("notification", "ARRIVING".getBytes(), 5);
		assertThat(this.sent).containsExactly("position:p1", "status:PICKED_UP", "status:OUT_FOR_DELIVERY",
				"notification:ARRIVING");
	}

	@Test
	void aWaitingPositionIsDroppedWhenTheOrderEnds() {
		this.subscription.offerPosition("p1".getBytes(), 10 * SECOND);
		this.subscription.offerPosition("p2".getBytes(), 10 * SECOND + 1);
		this.subscription.offerPosition("p3".getBytes(), 10 * SECOND + 2);
		this.subscription.dropPendingPosition();
		assertThat(this.subscription.flush(12 * SECOND)).isFalse();
		assertThat(this.sent).containsExactly("position:p1", "position:p2");
	}

}
