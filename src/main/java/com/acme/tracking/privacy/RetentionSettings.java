package com.acme.tracking.privacy;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long history and the audit trail are kept ({@code tracking.retention.*}).
 *
 * @param positions courier positions older than this are deleted (DESIGN.md: 90 days)
 * @param events delivery events, and the orders' ETA readings, older than this are
 * deleted (DESIGN.md: 2 years)
 * @param audit audit records older than this are deleted
 * @param webhookDeliveries partner webhook deliveries that ended (delivered or given up)
 * longer ago than this are deleted from the delivery log, with the orders withheld as
 * long ago
 * @param cron when the retention job runs (Spring cron, six fields, UTC); one replica of
 * the fleet runs it
 * @param batchRows rows one PostgreSQL delete takes at most (one short transaction)
 * @param redshiftWindow the sort-key range one Redshift delete takes
 * @param pause the wait between two batches, so that the database's other work goes on
 * @param lockAtMostFor how long the fleet's lock is held if its runner dies mid-run
 */
@ConfigurationProperties("tracking.retention")
record RetentionSettings(@DefaultValue("90d") Duration positions, @DefaultValue("730d") Duration events,
		@DefaultValue("730d") Duration audit, @DefaultValue("30d") Duration webhookDeliveries,
		@DefaultValue("0 17 3 * * *") String cron, @DefaultValue("10000") int batchRows,
		@DefaultValue("1h") Duration redshiftWindow, @DefaultValue("20ms") Duration pause,
		@DefaultValue("6h") Duration lockAtMostFor) {
}
