package com.acme.tracking.webhook;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The webhook feature, when the operational database is configured. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${tracking.operational.url:}' != ''")
class WebhookConfiguration {

	@Bean
	Destinations webhookDestinations(WebhookSettings settings) {
		return new Destinations(Destinations.DNS, settings.allowLocalhost());
	}

	@Bean
	Webhooks webhooks(WebhookRepository repository, Destinations destinations, WebhookSettings settings, Clock clock) {
		return new Webhooks(repository, Webhooks.secretBox(settings), destinations, settings, clock);
	}

}
