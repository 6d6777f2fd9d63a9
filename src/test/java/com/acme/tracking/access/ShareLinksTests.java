package com.acme.tracking.access;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShareLinksTests {

	static final String SECRET = "0123456789abcdef0123456789abcdef";

	static final String NEXT_SECRET = "fedcba9876543210fedcba9876543210-next";

	final ShareLinks links = new ShareLinks(settings(SECRET, "k1"));

	final Instant now = Instant.parse("2026-11-25T12:00:00Z");

	static AccessSettings settings(String secret, String keyId, AccessSettings.ShareLinkKey... previous) {
		return new AccessSettings(secret, keyId, List.of(previous), Duration.ofHours(24), Duration.ofHours(1),
				"https://track.example.com/", 50, 100, 1000, List.of());
	}

	@Test
	void aTokenNamesItsOrderAndIssueTime() {
		String token = this.links.issue("order-1", this.now);
		assertThat(this.links.verify(token)).hasValue(new ShareLinks.SharedOrder("order-1", this.now));
		assertThat(this.links.url(token)).isEqualTo("https://track.example.com/v1/track/" + token);
	}

	@Test
	void aTokenSignedWithAnotherKeyOrChangedIsRefused() {
		String token = this.links.issue("order-1", this.now);
		ShareLinks other = new ShareLinks(settings("another-secret-another-secret-0123", "k1"));
		assertThat(other.verify(token)).isEmpty();
		String otherOrder = this.links.issue("order-2", this.now);
		String spliced = otherOrder.substring(0, otherOrder.lastIndexOf('.')) + token.substring(token.lastIndexOf('.'));
		assertThat(this.links.verify(spliced)).isEmpty();
		assertThat(this.links.verify("v1.garbage")).isEmpty();
		assertThat(this.links.verify("v2.k1.garbage")).isEmpty();
		assertThat(this.links.verify("")).isEmpty();
	}

	@Test
	void aTokenNamesTheKeyThatSignedIt() {
		String token = this.links.issue("order-1", this.now);
		assertThat(token).startsWith("v2.k1.");
		String renamed = token.replaceFirst("^v2\\.k1\\.", "v2.k2.");
		assertThat(this.links.verify(renamed)).as("a key id nobody configured").isEmpty();
	}

	@Test
	void afterARotationOldLinksStillVerifyAndNewLinksUseTheNewKey() {
		String before = this.links.issue("order-1", this.now);
		ShareLinks rotated = new ShareLinks(settings(NEXT_SECRET, "k2", new AccessSettings.ShareLinkKey("k1", SECRET)));
		assertThat(rotated.verify(before)).as("a link of the previous key")
			.hasValue(new ShareLinks.SharedOrder("order-1", this.now));
		String after = rotated.issue("order-2", this.now);
		assertThat(after).startsWith("v2.k2.");
		assertThat(rotated.verify(after)).hasValue(new ShareLinks.SharedOrder("order-2", this.now));
		assertThat(this.links.verify(after)).as("a replica that does not know k2 yet").isEmpty();
		ShareLinks retired = new ShareLinks(settings(NEXT_SECRET, "k2"));
		assertThat(retired.verify(before)).as("once k1 is removed").isEmpty();
		assertThat(retired.verify(after)).isPresent();
	}

	@Test
	void aLinkOfTheFormatWithoutKeyIdStillVerifiesWithAConfiguredKey() throws Exception {
		// what ShareLinks issued before key ids: v1.<order>.<issued at>.<HMAC>
		String payload = "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString("order-1".getBytes()) + "."
				+ this.now.getEpochSecond();
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String legacy = payload + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload.getBytes()));
		assertThat(this.links.verify(legacy)).hasValue(new ShareLinks.SharedOrder("order-1", this.now));
		ShareLinks rotated = new ShareLinks(settings(NEXT_SECRET, "k2", new AccessSettings.ShareLinkKey("k1", SECRET)));
		assertThat(rotated.verify(legacy)).isPresent();
		assertThat(new ShareLinks(settings(NEXT_SECRET, "k2")).verify(legacy)).isEmpty();
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
