package com.acme.tracking.access;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShareLinksTests {

	final AccessSettings settings = new AccessSettings("0123456789abcdef0123456789abcdef", Duration.ofHours(24),
			Duration.ofHours(1), "https://track.example.com/", 50, 100);

	final ShareLinks links = new ShareLinks(this.settings);

	final Instant now = Instant.parse("2026-11-25T12:00:00Z");

	@Test
	void aTokenNamesItsOrderAndIssueTime() {
		String token = this.links.issue("order-1", this.now);
		assertThat(this.links.verify(token)).hasValue(new ShareLinks.SharedOrder("order-1", this.now));
		assertThat(this.links.url(token)).isEqualTo("https://track.example.com/v1/track/" + token);
	}

	@Test
	void aTokenSignedWithAnotherKeyOrChangedIsRefused() {
		String token = this.links.issue("order-1", this.now);
		ShareLinks other = new ShareLinks(new AccessSettings("another-secret-another-secret-0123", Duration.ofHours(24),
				Duration.ofHours(1), "http://x", 50, 100));
		assertThat(other.verify(token)).isEmpty();
		String otherOrder = this.links.issue("order-2", this.now);
		String spliced = otherOrder.substring(0, otherOrder.lastIndexOf('.')) + token.substring(token.lastIndexOf('.'));
		assertThat(this.links.verify(spliced)).isEmpty();
		assertThat(this.links.verify("v1.garbage")).isEmpty();
		assertThat(this.links.verify("")).isEmpty();
	}

	@Test
	void aLinkShowsItsOrderUntilAnHourAfterTheEndAndNeverLongerThanTheMaximum() {
		assertThat(this.links.expiresAt(this.now, null)).isEqualTo(this.now.plus(Duration.ofHours(24)));
		Instant ended = this.now.plus(Duration.ofHours(2));
		assertThat(this.links.expiresAt(this.now, ended)).isEqualTo(ended.plus(Duration.ofHours(1)));
		Instant endedLate = this.now.plus(Duration.ofHours(30));
		assertThat(this.links.expiresAt(this.now, endedLate)).isEqualTo(this.now.plus(Duration.ofHours(24)));
	}

}
