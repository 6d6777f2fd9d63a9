package com.acme.tracking.privacy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import com.acme.tracking.Api;
import com.acme.tracking.MutableClock;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.history.Warehouse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention on the embedded PostgreSQL with the clock injected: at a moment in the year
 * 2000 (no other test writes rows so old), rows just past their retention are deleted in
 * many small batches, rows just inside it are kept, and the live service answers every
 * request while it runs. One replica runs it: while another holds the fleet's ShedLock, a
 * replica's scheduled run does nothing.
 */
@TrackingIntegrationTest
class RetentionTests {

	static final Instant NOW = Instant.parse("2000-06-01T03:17:00Z");

	static final GeoPoint DESTINATION = new GeoPoint(-23.56168, -46.65598);

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	JdbcTemplate warehouseJdbc;

	@Autowired
	@Qualifier("operationalJdbc")
	NamedParameterJdbcTemplate operational;

	@Autowired
	Warehouse warehouse;

	Api api;

	final String courier = Api.id("courier");

	final String oldOrder = Api.id("order");

	final String recentOrder = Api.id("order");

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.operational.getJdbcTemplate().update("DELETE FROM shedlock WHERE name = ?", RetentionJob.NAME);
		Instant oldPosition = NOW.minus(Duration.ofDays(90)).minusSeconds(3600);
		Instant recentPosition = NOW.minus(Duration.ofDays(90)).plusSeconds(3600);
		List<Object[]> positions = new ArrayList<>();
		for (int i = 0; i < 1200; i++) {
			positions.add(position(oldPosition.plusMillis(i), i));
		}
		for (int i = 0; i < 30; i++) {
			positions.add(position(recentPosition.plusMillis(i), 10_000 + i));
		}
		this.warehouseJdbc.batchUpdate("INSERT INTO courier_positions (courier_id, lat, lon, recorded_at, ingested_at, "
				+ "kafka_partition, kafka_offset) VALUES (?, ?, ?, ?, ?, ?, ?)", positions);
		event(this.oldOrder, NOW.minus(Duration.ofDays(730)).minusSeconds(60));
		event(this.recentOrder, NOW.minus(Duration.ofDays(730)).plusSeconds(60));
		audit("old", NOW.minus(Duration.ofDays(730)).minusSeconds(60));
		audit("recent", NOW.minus(Duration.ofDays(730)).plusSeconds(60));
	}

	@Test
	void oldRowsGoInSmallBatchesRecentOnesStayAndTheServiceAnswersThroughout() throws Exception {
		// a live order the service is asked about while the job runs
		String liveOrder = Api.id("order");
		String customer = Api.id("customer");
		this.api.created(liveOrder, customer, Api.id("partner"), DESTINATION,
				Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS));
		String owner = this.api.token(customer, "customer");
		String support = this.api.token(Api.id("agent"), "support");
		await().until(() -> this.api.get("/v1/orders/" + liveOrder + "/tracking", owner).status() == 200
				&& this.api.get("/v1/orders/" + liveOrder + "/history", support).status() == 200);

		RetentionJob job = new RetentionJob(this.warehouse, this.operational, null, settings(100),
				new MutableClock(NOW), new SimpleMeterRegistry());
		AtomicBoolean running = new AtomicBoolean(true);
		List<Integer> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
		CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
			while (running.get()) {
				answers.add(this.api.get("/v1/orders/" + liveOrder + "/tracking", owner).status());
				answers.add(this.api.get("/v1/orders/" + liveOrder + "/history", support).status());
			}
		});
		RetentionJob.Run run;
		try {
			run = job.run(NOW);
		}
		finally {
			running.set(false);
		}
		client.get();

		// this test's old rows, and any an earlier test left as old
		assertThat(run.deleted().get("courier_positions")).isGreaterThanOrEqualTo(1200L);
		assertThat(run.deleted().get("delivery_events")).isGreaterThanOrEqualTo(1L);
		assertThat(run.deleted().get("audit_records")).isGreaterThanOrEqualTo(1L);
		// 1,200 positions at 100 a batch, and an empty batch that ends each table
		assertThat(run.batches()).isGreaterThanOrEqualTo(12 + 4);
		assertThat(count("SELECT COUNT(*) FROM courier_positions WHERE courier_id = ?", this.courier)).isEqualTo(30);
		assertThat(count("SELECT COUNT(*) FROM delivery_events WHERE order_id = ?", this.oldOrder)).isZero();
		assertThat(count("SELECT COUNT(*) FROM delivery_events WHERE order_id = ?", this.recentOrder)).isOne();
		assertThat(this.operational.getJdbcTemplate()
			.queryForList("SELECT actor FROM audit_records WHERE actor LIKE ?", String.class, this.courier + "%"))
			.containsExactly(this.courier + "-recent");
		assertThat(answers).isNotEmpty().containsOnly(200);
		assertThat(job.lastSuccess()).isNotNull();
		assertThat(this.operational.getJdbcTemplate()
			.queryForObject("SELECT rows_deleted FROM retention_runs WHERE job = ?", Long.class, RetentionJob.NAME))
			.isGreaterThanOrEqualTo(1202L);
	}

	@Test
	void aReplicaDoesNothingWhileAnotherHoldsTheFleetsLock() {
		this.operational.getJdbcTemplate()
			.update("INSERT INTO shedlock (name, lock_until, locked_at, locked_by) VALUES (?, "
					+ "timezone('utc', CURRENT_TIMESTAMP) + INTERVAL '1 hour', timezone('utc', CURRENT_TIMESTAMP), "
					+ "'another-replica')", RetentionJob.NAME);
		RetentionJob job = new RetentionJob(this.warehouse, this.operational, null, settings(100),
				new MutableClock(NOW), new SimpleMeterRegistry());
		job.scheduled();
		assertThat(count("SELECT COUNT(*) FROM courier_positions WHERE courier_id = ?", this.courier)).isEqualTo(1230);
		// the other replica's lock has expired: this one runs
		this.operational.getJdbcTemplate()
			.update("UPDATE shedlock SET lock_until = timezone('utc', CURRENT_TIMESTAMP) - INTERVAL '1 second' "
					+ "WHERE name = ?", RetentionJob.NAME);
		job.scheduled();
		assertThat(count("SELECT COUNT(*) FROM courier_positions WHERE courier_id = ?", this.courier)).isEqualTo(30);
	}

	private static RetentionSettings settings(int batchRows) {
		return new RetentionSettings(Duration.ofDays(90), Duration.ofDays(730), Duration.ofDays(730),
				Duration.ofDays(30), "-", batchRows, Duration.ofHours(1), Duration.ofMillis(5), Duration.ofHours(1));
	}

	private Object[] position(Instant at, long offset) {
		return new Object[] { this.courier, -23.5, -46.6, Timestamp.from(at), Timestamp.from(at), 0, offset };
	}

	private void event(String orderId, Instant at) {
		this.warehouseJdbc.update("INSERT INTO delivery_events (event_id, order_id, type, occurred_at, customer_id, "
				+ "partner_id, ingested_at, kafka_partition, kafka_offset) VALUES (?, ?, 'CREATED', ?, ?, ?, ?, 0, 0)",
				Api.id("event"), orderId, Timestamp.from(at), Api.id("customer"), Api.id("partner"),
				Timestamp.from(at));
	}

	private void audit(String which, Instant at) {
		this.operational.getJdbcTemplate()
			.update("INSERT INTO audit_records (id, at, actor, role, action, resource, channel, result) "
					+ "VALUES (?, ?, ?, 'support', 'GET /v1/orders/{orderId}/tracking', '/v1/orders/x/tracking', "
					+ "'rest', '200')", java.util.UUID.randomUUID(), Timestamp.from(at), this.courier + "-" + which);
	}

	private long count(String sql, Object... parameters) {
		Long count = this.warehouseJdbc.queryForObject(sql, Long.class, parameters);
		return (count != null) ? count : 0;
	}

}
