package com.acme.tracking.privacy;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How erasures are run ({@code tracking.privacy.erasure.*}).
 *
 * @param poll how often a replica looks for an erasure to run when idle
 * @param lease how long a replica holds an erasure it runs; one whose replica died is run
 * again from its start by another once this has passed
 * @param sync how often every replica learns of erasures run elsewhere, and forgets those
 * customers in its hot state
 */
@ConfigurationProperties("tracking.privacy.erasure")
record ErasureSettings(@DefaultValue("1s") Duration poll, @DefaultValue("2m") Duration lease,
		@DefaultValue("5s") Duration sync) {
}
