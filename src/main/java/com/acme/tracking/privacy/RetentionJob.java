package com.acme.tracking.privacy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.acme.tracking.history.Warehouse;
import com.acme.tracking.history.Warehouse.Retained;
import com.acme.tracking.webhook.WithheldOrders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes what is kept no longer: courier positions after {@code positions}, delivery
 * events and ETA readings after {@code events} (from the warehouse), audit records after
 * {@code audit} and ended partner webhook deliveries after {@code webhookDeliveries}
 * (from the operational database). One replica of the fleet runs it at a time (a ShedLock
 * row in the operational database, database time); each delete is one bounded batch in
 * its own short transaction ({@link Warehouse#deleteBatch}), with a pause between
 * batches, so that neither the live service nor the history writer waits on it. A run
 * records its success in {@code retention_runs}, which every replica reads for
 * {@code tracking_retention_last_success_timestamp_seconds}.
 */
class RetentionJob {

	static final String NAME = "tracking-retention";

	private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

	private final Warehouse warehouse;

	private final NamedParameterJdbcTemplate operational;

	private final RetentionSettings settings;

	private final Clock clock;

	private final LockingTaskExecutor locks;

	private final Map<String, Counter> deleted = new LinkedHashMap<>();

	private final Timer runs;

	private final Timer batches;

	private final Counter failures;

	private final AtomicLong lastSuccess = new AtomicLong();

	private volatile boolean stopping;

	/** This run's batch durations (nanoseconds), in their order. */
	private final List<Long> batchTimes = new java.util.ArrayList<>();

	private final @Nullable WithheldOrders webhooks;

	RetentionJob(Warehouse warehouse, NamedParameterJdbcTemplate operational, @Nullable WithheldOrders webhooks,
			RetentionSettings settings, Clock clock, MeterRegistry meters) {
		this.warehouse = warehouse;
		this.webhooks = webhooks;
		this.operational = operational;
		this.settings = settings;
		this.clock = clock;
		this.locks = new DefaultLockingTaskExecutor(
				new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
					.withJdbcTemplate(operational.getJdbcTemplate())
					.withTableName("shedlock")
					.usingDbTime()
					.build()));
		for (String table : new String[] { "courier_positions", "delivery_events", "eta_readings", "audit_records",
				"webhook_deliveries" }) {
			this.deleted.put(table,
					Counter.builder("tracking.retention.rows.deleted")
						.description("Rows the retention job deleted, by table")
						.tag("table", table)
						.register(meters));
		}
		this.runs = Timer.builder("tracking.retention.run")
			.description("Retention runs, start to end")
			.register(meters);
		this.batches = Timer.builder("tracking.retention.batch")
			.description("One delete batch: the longest a retention transaction held its row locks")
			.register(meters);
		this.failures = Counter.builder("tracking.retention.failures")
			.description("Retention runs that failed")
			.register(meters);
		Gauge.builder("tracking.retention.last.success.timestamp", this.lastSuccess, AtomicLong::doubleValue)
			.description("When the fleet's retention job last succeeded (Unix time; 0: never)")
			.baseUnit("seconds")
			.register(meters);
	}

	/** On the configured cron: runs when no other replica is running it. */
	@Scheduled(cron = "${tracking.retention.cron:0 17 3 * * *}", zone = "UTC")
	void scheduled() {
		Instant now = this.clock.instant();
		this.locks.executeWithLock((Runnable) () -> run(now),
				new LockConfiguration(now, NAME, this.settings.lockAtMostFor(), Duration.ofMinutes(1)));
	}

	/**
	 * Deletes everything older than its retention at {@code now}; answers what it did.
	 * Without the fleet's lock: {@link #scheduled} takes it.
	 */
	synchronized Run run(Instant now) {
		this.batchTimes.clear();
		long started = System.nanoTime();
		Map<String, Long> counts = new LinkedHashMap<>();
		Map<Retained, Instant> cutoffs = new EnumMap<>(Retained.class);
		cutoffs.put(Retained.POSITIONS, now.minus(this.settings.positions()));
		cutoffs.put(Retained.EVENTS, now.minus(this.settings.events()));
		cutoffs.put(Retained.ETA_READINGS, now.minus(this.settings.events()));
		try {
			for (Map.Entry<Retained, Instant> cutoff : cutoffs.entrySet()) {
				Retained table = cutoff.getKey();
				Instant before = cutoff.getValue();
				counts.put(table.table(), drain(table.table(), (previous) -> this.warehouse.deleteBatch(table, before,
						this.settings.batchRows(), this.settings.redshiftWindow(), previous)));
			}
			Timestamp auditCutoff = Timestamp.from(now.minus(this.settings.audit()));
			counts.put("audit_records", drain("audit_records", (previous) -> rowLimited(this.operational.update(
					"DELETE FROM audit_records WHERE seq IN (SELECT seq FROM audit_records WHERE at < :cutoff "
							+ "ORDER BY seq LIMIT :rows)",
					new MapSqlParameterSource("cutoff", auditCutoff).addValue("rows", this.settings.batchRows())))));
			WithheldOrders webhookData = this.webhooks;
			if (webhookData != null) {
				Instant webhookCutoff = now.minus(this.settings.webhookDeliveries());
				counts.put("webhook_deliveries", drain("webhook_deliveries", (previous) -> rowLimited(
						webhookData.deleteEndedBefore(webhookCutoff, this.settings.batchRows()))));
			}
		}
		catch (RuntimeException ex) {
			this.failures.increment();
			log.error("Retention run failed after deleting {}", counts, ex);
			throw ex;
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		this.runs.record(took);
		if (this.stopping) {
			log.info("Retention run stopped with the application after deleting {}; not a success", counts);
			return summary(counts, took);
		}
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		Instant finished = this.clock.instant();
		this.operational.update("""
				INSERT INTO retention_runs (job, last_success_at, rows_deleted, duration_ms)
				VALUES (:job, :at, :rows, :ms)
				ON CONFLICT (job) DO UPDATE SET last_success_at = EXCLUDED.last_success_at,
				    rows_deleted = EXCLUDED.rows_deleted, duration_ms = EXCLUDED.duration_ms""",
				new MapSqlParameterSource("job", NAME).addValue("at", Timestamp.from(finished))
					.addValue("rows", total)
					.addValue("ms", took.toMillis()));
		this.lastSuccess.set(finished.getEpochSecond());
		Run run = summary(counts, took);
		log.info("Retention run deleted {} in {} batches, {} ms (longest batch {} ms)", counts, run.batches(),
				took.toMillis(), run.longestBatch().toMillis());
		return run;
	}

	private Warehouse.Batch rowLimited(int deleted) {
		return new Warehouse.Batch(deleted, deleted < this.settings.batchRows(), null);
	}

	private long drain(String table, java.util.function.Function<Warehouse.@Nullable Batch, Warehouse.Batch> batch) {
		long total = 0;
		Warehouse.Batch done = null;
		while (!this.stopping) {
			long started = System.nanoTime();
			done = batch.apply(done);
			long took = System.nanoTime() - started;
			this.batches.record(took, TimeUnit.NANOSECONDS);
			this.batchTimes.add(took);
			total += done.deleted();
			this.deleted.get(table).increment(done.deleted());
			if (done.last()) {
				break;
			}
			pause();
		}
		return total;
	}

	private void pause() {
		if (this.settings.pause().isZero()) {
			return;
		}
		try {
			Thread.sleep(this.settings.pause().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.stopping = true;
		}
	}

	/** What this run did, from its batch durations. */
	private Run summary(Map<String, Long> counts, Duration took) {
		List<Long> sorted = new java.util.ArrayList<>(this.batchTimes);
		java.util.Collections.sort(sorted);
		if (sorted.isEmpty()) {
			return new Run(counts, 0, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO, took);
		}
		long longest = sorted.get(sorted.size() - 1);
		return new Run(counts, sorted.size(), Duration.ofNanos(longest), this.batchTimes.indexOf(longest) + 1,
				Duration.ofNanos(sorted.get(sorted.size() / 2)),
				Duration.ofNanos(sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99)))), took);
	}

	/** Every replica: the fleet's last success, for the metric and its alert. */
	@Scheduled(initialDelay = 0, fixedDelay = 60, timeUnit = TimeUnit.SECONDS)
	void readLastSuccess() {
		try {
			Timestamp at = this.operational.getJdbcTemplate()
				.query("SELECT last_success_at FROM retention_runs WHERE job = ?",
						(rs) -> rs.next() ? rs.getTimestamp(1) : null, NAME);
			if (at != null) {
				this.lastSuccess.accumulateAndGet(at.toInstant().getEpochSecond(), Math::max);
			}
		}
		catch (RuntimeException ex) {
			log.debug("Could not read the last retention run", ex);
		}
	}

	/** The application stops: a run in progress ends after its current batch. */
	void stop() {
		this.stopping = true;
	}

	/** When the fleet's job last succeeded, if it has. */
	@Nullable Instant lastSuccess() {
		long at = this.lastSuccess.get();
		return (at == 0) ? null : Instant.ofEpochSecond(at);
	}

	/**
	 * What a run did.
	 *
	 * @param deleted rows deleted, by table
	 * @param batches deletes it ran
	 * @param longestBatch the longest single delete (its transaction, its locks)
	 * @param longestBatchNumber which delete that was (1 for the first)
	 * @param medianBatch the median delete
	 * @param p99Batch the 99th percentile of the deletes
	 * @param took the whole run
	 */
	record Run(Map<String, Long> deleted, int batches, Duration longestBatch, int longestBatchNumber,
			Duration medianBatch, Duration p99Batch, Duration took) {
	}

}
