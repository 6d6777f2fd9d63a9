package com.acme.tracking.history;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The warehouse ({@code tracking.history.*}).
 *
 * @param writer the history writer
 * @param maxPageSize largest {@code limit} a search or positions page may ask for
 * @param defaultPageSize the {@code limit} when none is given
 * @param maxTrailPoints most trail points an order history returns (more are downsampled)
 * @param queryTimeout a history query that takes longer is cancelled (503)
 */
@Validated
@ConfigurationProperties("tracking.history")
public record HistorySettings(@DefaultValue Writer writer, @DefaultValue("1000") @Min(1) @Max(10000) int maxPageSize,
		@DefaultValue("100") @Min(1) int defaultPageSize, @DefaultValue("5000") @Min(2) int maxTrailPoints,
		@DefaultValue("10s") @NotNull Duration queryTimeout) {

	/**
	 * @param enabled whether this replica writes history (false where another pipeline
	 * loads the warehouse)
	 * @param group the consumer group shared by the fleet's writers (partitions split
	 * across replicas)
	 * @param maxBatch most records in one warehouse transaction
	 * @param maxWait how long the broker may wait to fill a batch
	 * @param retryInitial first pause after a failed batch (warehouse down)
	 * @param retryMax longest pause between retries; retries never stop
	 */
	public record Writer(@DefaultValue("true") boolean enabled,
			@DefaultValue("tracking-history") @NotBlank String group, @DefaultValue("5000") @Min(1) int maxBatch,
			@DefaultValue("500ms") @NotNull Duration maxWait, @DefaultValue("1s") @NotNull Duration retryInitial,
			@DefaultValue("30s") @NotNull Duration retryMax) {
	}

}
