package com.acme.tracking.notification;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Notifications ({@code tracking.notification.*}).
 *
 * @param group the consumer group shared by the fleet whose partition ownership decides
 * which replica publishes an order's notifications
 */
@Validated
@ConfigurationProperties("tracking.notification")
public record NotificationSettings(@DefaultValue("tracking-notifications") @NotBlank String group) {
}
