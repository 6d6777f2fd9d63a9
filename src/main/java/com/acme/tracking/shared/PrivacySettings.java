package com.acme.tracking.shared;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of customer pseudonyms ({@code tracking.privacy.*}).
 *
 * @param key base64 of at least 32 random bytes ({@code TRACKING_PRIVACY_KEY}): the HMAC
 * key of customer pseudonyms. Without it there is no erasure and no pseudonymisation; it
 * must be the same on every replica and never change (a pseudonym made under another key
 * matches nothing)
 * @param pseudonymiseCustomers whether the warehouse stores customer ids as pseudonyms
 * from the start (searches and a customer's own history still work: the id asked for is
 * pseudonymised the same way)
 */
@ConfigurationProperties("tracking.privacy")
public record PrivacySettings(@DefaultValue("") String key, @DefaultValue("false") boolean pseudonymiseCustomers) {
}
