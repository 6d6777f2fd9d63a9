package com.acme.tracking.privacy;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.acme.tracking.Api;
import com.acme.tracking.RequiredEnvironment;
import com.acme.tracking.TrackingApplication;
import com.acme.tracking.delivery.ingest.DeliveryEventType;
import com.acme.tracking.delivery.ingest.GeoPoint;
import com.acme.tracking.local.LocalRuntime;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Retention at scale, in-process against the local runtime (embedded PostgreSQL
 * warehouse, embedded broker): {@code rows} courier positions older than 90 days are put
 * in {@code courier_positions} beside a day of recent ones, then, with a live order being
 * tracked (REST polling of its tracking by 3 clients and of its history by 1, each its
 * own caller at 20 requests a second) and a courier's positions flowing through Kafka
 * into the same table, the retention job deletes them in its batches. Prints the time,
 * the batches and the longest one (the longest any retention transaction held its row
 * locks), the most lock waits seen in {@code pg_locks}, and the clients' p50/p99 during
 * the run against the same clients' figures in the 20 s before it (the baseline, after a
 * 10 s warm-up). {@code bench/tool privacy.RetentionLoad [rows]}
 */
public final class RetentionLoad {

	private RetentionLoad() {
	}

	public static void main(String[] args) throws Exception {
		long rows = (args.length > 0) ? Long.parseLong(args[0]) : 10_000_000L;
		System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "com.acme.tracking");
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TrackingApplication.class,
				LocalRuntime.class)
			.profiles(RequiredEnvironment.LOCAL_PROFILE)
			.properties("server.port=0", "logging.level.root=WARN", "spring.main.banner-mode=off")
			.run()) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			@SuppressWarnings("unchecked")
			KafkaTemplate<String, byte[]> kafka = app.getBean(KafkaTemplate.class);
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			RetentionJob job = app.getBean(RetentionJob.class);
			RetentionSettings settings = app.getBean(RetentionSettings.class);
			Clock clock = app.getBean(Clock.class);

			long t0 = System.nanoTime();
			jdbc.execute("INSERT INTO courier_positions (courier_id, lat, lon, accuracy_meters, recorded_at, "
					+ "ingested_at, kafka_partition, kafka_offset) SELECT 'old-courier-' || (g % 2000), "
					+ "-23.5 + (g % 1000) * 0.00001, -46.6, 5, now() - INTERVAL '120 days' + g * INTERVAL '1 ms', "
					+ "now() - INTERVAL '120 days', 0, g FROM generate_series(1, " + rows + ") g");
			jdbc.execute("INSERT INTO courier_positions (courier_id, lat, lon, accuracy_meters, recorded_at, "
					+ "ingested_at, kafka_partition, kafka_offset) SELECT 'recent-courier-' || (g % 2000), -23.5, "
					+ "-46.6, 5, now() - INTERVAL '1 day' + g * INTERVAL '50 ms', now(), 1, g "
					+ "FROM generate_series(1, 1000000) g");
			jdbc.execute("ANALYZE courier_positions");
			System.out.printf("seeded %,d old and 1,000,000 recent positions in %.1f s%n", rows,
					(System.nanoTime() - t0) / 1e9);

			// a live order, its courier moving, tracked by 4 clients
			Api api = new Api(port, kafka);
			String order = Api.id("order");
			String customer = Api.id("customer");
			String courier = Api.id("courier");
			GeoPoint destination = new GeoPoint(-23.56168, -46.65598);
			Instant start = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
			api.created(order, customer, Api.id("partner"), destination, start);
			api.event(order, DeliveryEventType.COURIER_ASSIGNED, start.plusSeconds(1), courier);
			api.event(order, DeliveryEventType.PICKED_UP, start.plusSeconds(2), courier);
			String owner = api.token(customer, "customer");
			String support = api.token(Api.id("agent"), "support");
			while (api.get("/v1/orders/" + order + "/history", support).status() != 200) {
				Thread.sleep(100);
			}
			AtomicBoolean load = new AtomicBoolean(true);
			AtomicInteger phase = new AtomicInteger(0);
			List<List<Long>> tracking = List.of(Collections.synchronizedList(new ArrayList<>()),
					Collections.synchronizedList(new ArrayList<>()));
			List<List<Long>> history = List.of(Collections.synchronizedList(new ArrayList<>()),
					Collections.synchronizedList(new ArrayList<>()));
			AtomicInteger errors = new AtomicInteger();
			AtomicLong maxWaiting = new AtomicLong();
			ExecutorService pool = Executors.newFixedThreadPool(6);
			for (int c = 0; c < 4; c++) {
				boolean historyClient = c == 3;
				// each client its own caller, 20 requests a second (inside the per-caller
				// limit)
				String token = historyClient ? support : (c == 0) ? owner : api.token(Api.id("agent"), "support");
				String path = "/v1/orders/" + order + (historyClient ? "/history" : "/tracking");
				pool.execute(() -> {
					long next = System.nanoTime();
					while (load.get()) {
						long began = System.nanoTime();
						int status = api.get(path, token).status();
						long micros = (System.nanoTime() - began) / 1000;
						if (status != 200) {
							errors.incrementAndGet();
						}
						else {
							(historyClient ? history : tracking).get(phase.get()).add(micros);
						}
						next += 50_000_000L;
						sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
					}
				});
			}
			pool.execute(() -> {
				int i = 0;
				while (load.get()) {
					api.position(courier, destination.getLat() - 0.02 + (i++ % 1000) * 0.00001, destination.getLon(),
							Instant.now(), 5f);
					sleep(20);
				}
			});
			pool.execute(() -> {
				while (load.get()) {
					Long waiting = jdbc.queryForObject("SELECT COUNT(*) FROM pg_locks WHERE NOT granted", Long.class);
					maxWaiting.accumulateAndGet((waiting != null) ? waiting : 0, Math::max);
					sleep(50);
				}
			});
			// warm-up (10 s, not counted), then the baseline (20 s)
			Thread.sleep(10_000);
			tracking.get(0).clear();
			history.get(0).clear();
			Thread.sleep(20_000);
			long baselineWaiting = maxWaiting.getAndSet(0);
			phase.set(1);
			RetentionJob.Run run = job.run(clock.instant());
			load.set(false);
			pool.shutdown();
			pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);

			Long left = jdbc.queryForObject(
					"SELECT COUNT(*) FROM courier_positions WHERE recorded_at < now() - INTERVAL '90 days'",
					Long.class);
			System.out.printf(
					"retention: deleted %s in %.1f s, %d batches of at most %,d rows; batch median %d ms, p99 %d ms, "
							+ "longest %d ms; old rows left %d%n",
					run.deleted(), run.took().toMillis() / 1000.0, run.batches(), settings.batchRows(),
					run.medianBatch().toMillis(), run.p99Batch().toMillis(), run.longestBatch().toMillis(), left);
			System.out.printf("the longest batch was number %d of %d%n", run.longestBatchNumber(), run.batches());
			System.out.printf(
					"lock waits seen in pg_locks: at most %d during the run (baseline %d); answers other than 200: %d%n",
					maxWaiting.get(), baselineWaiting, errors.get());
			print("tracking GET (3 clients, 20/s each)", tracking);
			print("history GET (1 client, 20/s)", history);
		}
	}

	private static void print(String what, List<List<Long>> phases) {
		System.out.printf("%s: baseline (20 s before) %s; during retention %s%n", what, figures(phases.get(0)),
				figures(phases.get(1)));
	}

	private static String figures(List<Long> samples) {
		List<Long> sorted = new ArrayList<>(samples);
		Collections.sort(sorted);
		if (sorted.isEmpty()) {
			return "no samples";
		}
		return String.format("n=%d p50 %.2f ms p99 %.2f ms max %.1f ms", sorted.size(),
				sorted.get(sorted.size() / 2) / 1000.0, sorted.get((int) (sorted.size() * 0.99)) / 1000.0,
				sorted.get(sorted.size() - 1) / 1000.0);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
