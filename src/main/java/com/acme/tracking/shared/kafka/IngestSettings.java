package com.acme.tracking.shared.kafka;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the live ingest reads the input topics.
 *
 * @param eventsLookBack how far back each replica re-reads delivery events on start
 * @param positionsLookBack how far back each replica re-reads positions on start
 * @param maxClockSkew a record time further than this in the future is dead-lettered
 * @param groupPrefix each replica's own consumer group is this plus the host name and a
 * random suffix, so that every replica reads every partition
 * @param retries how many times a record whose processing throws is retried before it is
 * dead-lettered
 * @param retryBackOff pause between those retries
 * @param positionsConcurrency consumer threads of the positions listener (read by the
 * listener's annotation; bound here so that a bad value is refused at start)
 * @param deadLetterGroup the consumer group shared by the fleet whose assignment says
 * which replica publishes the dead letters of which input partition (each dead letter
 * once for the fleet)
 * @param deadLetterSessionTimeout the session timeout of that group: how long the
 * partitions of a replica that died unannounced have no publisher
 */
@Validated
@ConfigurationProperties("tracking.ingest")
public record IngestSettings(@DefaultValue("6h") @NotNull Duration eventsLookBack,
		@DefaultValue("10m") @NotNull Duration positionsLookBack, @DefaultValue("5m") @NotNull Duration maxClockSkew,
		@DefaultValue("tracking-live") @NotBlank String groupPrefix, @DefaultValue("2") @Min(0) int retries,
		@DefaultValue("100ms") @NotNull Duration retryBackOff, @DefaultValue("2") @Min(1) int positionsConcurrency,
		@DefaultValue("tracking-dead-letters") @NotBlank String deadLetterGroup,
		@DefaultValue("10s") @NotNull Duration deadLetterSessionTimeout) {
}
