package com.acme.tracking.live.stomp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The subscription ids of one STOMP session: required, unique, bounded. */
class SessionSubscriptionsTests {

	private final SessionSubscriptions ids = new SessionSubscriptions(3);

	@Test
	void anIdInUseIsRefusedUntilItIsReleased() {
		this.ids.reserve("a");
		assertThatThrownBy(() -> this.ids.reserve("a")).isInstanceOf(SessionSubscriptions.Refused.class)
			.hasMessageContaining("'a' is already in use")
			.extracting((ex) -> ((SessionSubscriptions.Refused) ex).reason())
			.isEqualTo("subscription-id");
		assertThat(this.ids.release("a")).isTrue();
		this.ids.reserve("a");
		assertThat(this.ids.size()).isOne();
	}

	@Test
	void aMissingBlankOrInvalidIdIsRefused() {
		for (String id : new String[] { null, "", " ", "x".repeat(129), "a\u0000b" }) {
			assertThatThrownBy(() -> this.ids.reserve(id)).isInstanceOf(SessionSubscriptions.Refused.class)
				.extracting((ex) -> ((SessionSubscriptions.Refused) ex).reason())
				.isEqualTo("subscription-id");
		}
		assertThat(this.ids.size()).isZero();
	}

	@Test
	void aSessionHoldsAtMostItsMaximumAtOnce() {
		this.ids.reserve("a");
		this.ids.reserve("b");
		this.ids.reserve("c");
		assertThatThrownBy(() -> this.ids.reserve("d")).isInstanceOf(SessionSubscriptions.Refused.class)
			.hasMessageContaining("At most 3 subscriptions per session")
			.extracting((ex) -> ((SessionSubscriptions.Refused) ex).reason())
			.isEqualTo("too-many-subscriptions");
		this.ids.release("b");
		this.ids.reserve("d");
		assertThat(this.ids.size()).isEqualTo(3);
	}

	@Test
	void closingGivesBackEveryIdHeldAndTakesNoMore() {
		this.ids.reserve("a");
		this.ids.reserve("b");
		assertThat(this.ids.close()).containsExactlyInAnyOrder("a", "b");
		assertThat(this.ids.closed()).isTrue();
		assertThat(this.ids.size()).isZero();
		assertThatThrownBy(() -> this.ids.reserve("c")).isInstanceOf(SessionSubscriptions.Refused.class);
		assertThat(this.ids.close()).isEmpty();
	}

}
