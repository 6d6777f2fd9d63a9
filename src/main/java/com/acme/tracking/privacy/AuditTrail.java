package com.acme.tracking.privacy;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import com.acme.tracking.access.AuditRecord;
import com.acme.tracking.shared.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Keeps the audit trail: each {@link AuditRecord} is queued (bounded) as it is made, and
 * one thread writes them in batches to {@code audit_records} in the operational database
 * (kept until it succeeds, while the queue has room) and then to
 * {@code tracking.audit.v1}. A read is never slowed by its record. A record that finds
 * the queue full is counted ({@code tracking_audit_records_dropped_total}) and stays in
 * the {@code tracking.audit} log line that {@code AuditLog} wrote for it.
 */
class AuditTrail extends BackgroundWorker {

	private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

	static final int CAPACITY = 10_000;

	private static final int BATCH = 500;

	private final BlockingQueue<AuditRecord> queue = new ArrayBlockingQueue<>(CAPACITY);

	private final @Nullable NamedParameterJdbcTemplate jdbc;

	private final KafkaTemplate<String, byte[]> kafka;

	private final JsonMapper json;

	private final Counter stored;

	private final Counter dropped;

	private final Counter failures;

	private final Counter unpublished;

	private final Counter refused;

	AuditTrail(@Nullable NamedParameterJdbcTemplate jdbc, KafkaTemplate<String, byte[]> kafka, JsonMapper json,
			MeterRegistry meters) {
		super("audit-trail");
		this.jdbc = jdbc;
		this.kafka = kafka;
		this.json = json;
		this.stored = Counter.builder("tracking.audit.records.stored")
			.description("Audit records written to the operational database")
			.register(meters);
		this.dropped = Counter.builder("tracking.audit.records.dropped")
			.description("Audit records that found the queue full (only their log line remains)")
			.register(meters);
		this.failures = Counter.builder("tracking.audit.store.failures")
			.description("Failed writes of a batch of audit records (retried)")
			.register(meters);
		this.refused = Counter.builder("tracking.audit.records.refused")
			.description("Audit records the database refused (only their log line remains)")
			.register(meters);
		this.unpublished = Counter.builder("tracking.audit.publish.failures")
			.description("Audit records " + Topics.AUDIT + " refused (they are in the database)")
			.register(meters);
		Gauge.builder("tracking.audit.queue.depth", this.queue, BlockingQueue::size)
			.description("Audit records waiting to be stored")
			.register(meters);
	}

	@EventListener
	void recorded(AuditRecord record) {
		if (!this.queue.offer(record)) {
			this.dropped.increment();
		}
	}

	/** Stops before the Kafka producer and the database pool close. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1000;
	}

	@Override
	void work() {
		List<AuditRecord> batch = new ArrayList<>(BATCH);
		while (running() || !this.queue.isEmpty()) {
			try {
				if (batch.isEmpty()) {
					AuditRecord first = this.queue.poll(200, TimeUnit.MILLISECONDS);
					if (first == null) {
						continue;
					}
					batch.add(first);
					this.queue.drainTo(batch, BATCH - 1);
				}
				store(batch);
				publish(batch);
				batch.clear();
			}
			catch (InterruptedException ex) {
				if (!running()) {
					flushOnce(batch);
					return;
				}
			}
			catch (org.springframework.dao.DataIntegrityViolationException ex) {
				// a record the database refuses must not hold back the others: one by
				// one,
				// and the one refused stays in its log line only
				storeOneByOne(batch);
				batch.clear();
			}
			catch (RuntimeException ex) {
				this.failures.increment();
				log.warn("Could not store {} audit records; retrying: {}", batch.size(), ex.getMessage());
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException stopped) {
					if (!running()) {
						return;
					}
				}
			}
		}
	}

	private void storeOneByOne(List<AuditRecord> batch) {
		for (AuditRecord record : batch) {
			try {
				store(List.of(record));
				publish(List.of(record));
			}
			catch (org.springframework.dao.DataIntegrityViolationException ex) {
				this.refused.increment();
				log.error("The audit database refused record {} (its tracking.audit log line remains): {}", record.id(),
						ex.getMostSpecificCause().getMessage());
			}
		}
	}

	/** At stop: one last try for what is queued. */
	private void flushOnce(List<AuditRecord> batch) {
		this.queue.drainTo(batch);
		try {
			store(batch);
			publish(batch);
		}
		catch (RuntimeException ex) {
			log.warn("{} audit records were not stored at stop (their log lines remain)", batch.size());
		}
	}

	private void store(List<AuditRecord> batch) {
		NamedParameterJdbcTemplate database = this.jdbc;
		if (database == null || batch.isEmpty()) {
			return;
		}
		database.batchUpdate(
				"""
						INSERT INTO audit_records (id, at, actor, role, action, resource, order_id, channel, client_address, result)
						VALUES (:id, :at, :actor, :role, :action, :resource, :order, :channel, :client, :result)
						ON CONFLICT (id) DO NOTHING""",
				batch.stream()
					.map((r) -> new MapSqlParameterSource("id", r.id()).addValue("at", Timestamp.from(r.at()))
						.addValue("actor", r.actor())
						.addValue("role", r.role())
						.addValue("action", r.action())
						.addValue("resource", r.resource())
						.addValue("order", r.orderId())
						.addValue("channel", r.channel())
						.addValue("client", r.clientAddress())
						.addValue("result", r.result()))
					.toArray(MapSqlParameterSource[]::new));
		this.stored.increment(batch.size());
	}

	private void publish(List<AuditRecord> batch) {
		for (AuditRecord record : batch) {
			this.kafka.send(Topics.AUDIT, record.actor(), this.json.writeValueAsBytes(body(record)))
				.whenComplete((sent, failure) -> {
					if (failure != null) {
						this.unpublished.increment();
					}
				});
		}
	}

	/** The record as {@code tracking.audit.v1} and {@code GET /v1/audit} carry it. */
	static Map<String, @Nullable Object> body(AuditRecord record) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("id", record.id().toString());
		body.put("at", record.at().toString());
		body.put("actor", record.actor());
		body.put("role", record.role());
		body.put("action", record.action());
		body.put("resource", record.resource());
		body.put("orderId", record.orderId());
		body.put("channel", record.channel());
		body.put("clientAddress", record.clientAddress());
		body.put("result", record.result());
		return body;
	}

}
