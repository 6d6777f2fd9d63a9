package com.acme.tracking.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Sends the logged deliveries: claims due ones (shared with the other replicas through
 * the log's leases), POSTs each with its signature, and records the outcome before
 * anything else happens to it. A non-2xx answer or a timeout is retried with exponential
 * back-off and jitter for {@code retry-for} (24 h); then the delivery is given up. Each
 * endpoint has at most {@code per-endpoint} attempts in flight, so a slow partner holds
 * only its own slots, and a circuit breaker (Resilience4j) that pauses it while it fails
 * continuously and probes it again; an endpoint failing for {@code disable-after} is
 * disabled, which its owner sees in the API. The address is checked again before every
 * attempt (DNS may have changed), and redirects are not followed.
 */
class Dispatcher implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(Dispatcher.class);

	/**
	 * Claimed at once for one endpoint: its slots' next deliveries, held under a lease.
	 */
	private static final int CLAIM_PER_ENDPOINT = 64;

	private final DeliveryLog log;

	private final WebhookRepository repository;

	private final Webhooks webhooks;

	private final Destinations destinations;

	private final WebhookSettings settings;

	private final Clock clock;

	private final HttpClient http;

	private final CircuitBreakerRegistry breakers;

	/** Per endpoint: the claimed deliveries waiting for one of its slots. */
	private final Map<UUID, Lane> lanes = new ConcurrentHashMap<>();

	/**
	 * Claimed and not finished, on this replica (bounded: claims wait while it is high).
	 */
	private final AtomicLong claimed = new AtomicLong();

	private final Object signal = new Object();

	private final Counter delivered;

	private final Counter failed;

	private final Counter gaveUp;

	private final Timer firstAttempt;

	private final AtomicLong pending = new AtomicLong();

	private final AtomicLong disabled = new AtomicLong();

	private volatile @Nullable ExecutorService senders;

	private volatile @Nullable Thread loop;

	private volatile boolean running;

	private volatile boolean woken;

	Dispatcher(DeliveryLog log, WebhookRepository repository, Webhooks webhooks, Destinations destinations,
			WebhookSettings settings, Clock clock, MeterRegistry meters) {
		this.log = log;
		this.repository = repository;
		this.webhooks = webhooks;
		this.destinations = destinations;
		this.settings = settings;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(settings.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.slidingWindowSize(10)
			.minimumNumberOfCalls(5)
			.failureRateThreshold(100)
			.waitDurationInOpenState(Duration.ofSeconds(30))
			.permittedNumberOfCallsInHalfOpenState(1)
			.build());
		this.delivered = outcome(meters, "delivered");
		this.failed = outcome(meters, "failed");
		this.gaveUp = outcome(meters, "gave_up");
		this.firstAttempt = Timer.builder("tracking.webhooks.first.attempt.latency")
			.description("From a notification's time to the first attempt to deliver it")
			.publishPercentileHistogram()
			.register(meters);
		Gauge
			.builder("tracking.webhooks.endpoints.paused", this.breakers,
					(registry) -> registry.getAllCircuitBreakers()
						.stream()
						.filter((b) -> b.getState() == CircuitBreaker.State.OPEN)
						.count())
			.description("Endpoints whose circuit breaker is open (paused) on this replica")
			.register(meters);
		Gauge.builder("tracking.webhooks.queue.depth", this.pending, AtomicLong::get)
			.description("Deliveries waiting for an attempt, across the fleet (refreshed every 10 s)")
			.register(meters);
		Gauge.builder("tracking.webhooks.endpoints.disabled", this.disabled, AtomicLong::get)
			.description("Webhooks the service disabled after failing for disable-after (refreshed every 10 s)")
			.register(meters);
	}

	private static Counter outcome(MeterRegistry meters, String outcome) {
		return Counter.builder("tracking.webhooks.attempts")
			.description("Delivery attempts by outcome (gave_up: the last one, after retry-for)")
			.tag("outcome", outcome)
			.register(meters);
	}

	/** New deliveries are in the log: look now rather than at the next poll. */
	void wake() {
		synchronized (this.signal) {
			this.woken = true;
			this.signal.notifyAll();
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.senders = Executors.newFixedThreadPool(this.settings.threads(), (task) -> {
			Thread thread = new Thread(task, "webhook-sender");
			thread.setDaemon(true);
			return thread;
		});
		Thread thread = new Thread(this::run, "webhook-dispatcher");
		thread.setDaemon(true);
		this.loop = thread;
		thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		wake();
		ExecutorService pool = this.senders;
		if (pool != null) {
			pool.shutdown();
			try {
				pool.awaitTermination(this.settings.readTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		Thread thread = this.loop;
		if (thread != null) {
			thread.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		long lastCount = 0;
		while (this.running) {
			try {
				int free = (int) Math.max(0, maxClaimed() - this.claimed.get());
				List<DeliveryLog.Delivery> due = (free > 0)
						? this.log.claim(free, CLAIM_PER_ENDPOINT, this.settings.lease(), this.clock.instant())
						: List.of();
				Map<UUID, Optional<Webhook>> webhooks = new java.util.HashMap<>();
				for (DeliveryLog.Delivery delivery : due) {
					dispatch(delivery, webhooks.computeIfAbsent(delivery.webhookId(), this.repository::findById));
				}
				if (System.nanoTime() - lastCount > TimeUnit.SECONDS.toNanos(10)) {
					this.pending.set(this.log.pending());
					this.disabled.set(this.log.disabled());
					lastCount = System.nanoTime();
				}
				if (due.isEmpty()) {
					pause();
				}
			}
			catch (RuntimeException ex) {
				// the operational database is down: webhooks wait, nothing else does
				logger.warn("Webhook dispatch paused: {}", ex.getMessage());
				pause();
			}
		}
	}

	/** Claimed at most at once on this replica: a few per sender. */
	private long maxClaimed() {
		return this.settings.threads() * 8L;
	}

	private void pause() {
		synchronized (this.signal) {
			if (!this.woken && this.running) {
				try {
					this.signal.wait(this.settings.poll().toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.running = false;
				}
			}
			this.woken = false;
		}
	}

	private void dispatch(DeliveryLog.Delivery delivery, Optional<Webhook> found) {
		if (found.isEmpty() || !found.get().enabled()) {
			this.log.postpone(delivery.id(), this.clock.instant().plus(this.settings.lease()));
			return;
		}
		Webhook webhook = found.get();
		this.claimed.incrementAndGet();
		Lane lane = this.lanes.computeIfAbsent(webhook.id(), (id) -> new Lane());
		boolean start;
		synchronized (lane) {
			lane.waiting.add(new Claimed(webhook, delivery));
			start = lane.running < this.settings.perEndpoint();
			if (start) {
				lane.running++;
			}
		}
		if (start) {
			ExecutorService pool = this.senders;
			try {
				if (pool == null) {
					throw new IllegalStateException("stopped");
				}
				pool.execute(() -> drain(lane));
			}
			catch (RuntimeException ex) {
				synchronized (lane) {
					lane.running--;
				}
			}
		}
	}

	/** One of an endpoint's slots: sends its waiting deliveries one after the other. */
	private void drain(Lane lane) {
		while (true) {
			Claimed next;
			synchronized (lane) {
				next = lane.waiting.poll();
				if (next == null || !this.running) {
					lane.running--;
					if (next != null) {
						lane.waiting.addFirst(next);
					}
					return;
				}
			}
			try {
				CircuitBreaker breaker = this.breakers.circuitBreaker(next.webhook().id().toString());
				if (breaker.tryAcquirePermission()) {
					attempt(next.webhook(), next.delivery(), breaker);
				}
				else {
					// paused: back in the log, tried when the breaker lets a probe
					// through
					this.log.postpone(next.delivery().id(), this.clock.instant().plus(Duration.ofSeconds(5)));
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Webhook attempt not recorded: {}", ex.getMessage());
			}
			finally {
				this.claimed.decrementAndGet();
				wake();
			}
		}
	}

	/** An endpoint's deliveries waiting on this replica, and its senders running. */
	private static final class Lane {

		final java.util.ArrayDeque<Claimed> waiting = new java.util.ArrayDeque<>();

		int running;

	}

	private record Claimed(Webhook webhook, DeliveryLog.Delivery delivery) {
	}

	private void attempt(Webhook webhook, DeliveryLog.Delivery delivery, CircuitBreaker breaker) {
		Instant started = this.clock.instant();
		if (delivery.firstAttemptAt() == null && delivery.notifiedAt() != null) {
			this.firstAttempt.record(Duration.between(delivery.notifiedAt(), started));
		}
		long t0 = System.nanoTime();
		Integer status = null;
		String error;
		String problem = this.destinations.problem(webhook.url());
		if (problem != null) {
			error = "refused: " + problem;
		}
		else {
			try {
				byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
				long timestamp = started.getEpochSecond();
				HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.url()))
					.timeout(this.settings.readTimeout())
					.header("Content-Type", "application/json")
					.header("User-Agent", "delivery-tracking-webhooks/1")
					.header("Tracking-Webhook-Id", delivery.notificationId())
					.header("Tracking-Webhook-Timestamp", Long.toString(timestamp))
					.header("Tracking-Webhook-Signature",
							Signatures.header(this.webhooks.signingSecrets(webhook), timestamp, body))
					.POST(HttpRequest.BodyPublishers.ofByteArray(body))
					.build();
				HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
				status = response.statusCode();
				error = "HTTP " + status;
			}
			catch (java.net.http.HttpTimeoutException ex) {
				error = "timeout";
			}
			catch (java.io.IOException ex) {
				error = "connection failed: " + ex.getClass().getSimpleName();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				error = "interrupted";
			}
			catch (RuntimeException ex) {
				error = "failed: " + ex.getClass().getSimpleName();
			}
		}
		long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
		Instant now = this.clock.instant();
		if (status != null && status >= 200 && status < 300) {
			breaker.onSuccess(latency, TimeUnit.MILLISECONDS);
			this.log.delivered(delivery.id(), status, latency, now);
			if (webhook.failingSince() != null) {
				this.log.working(webhook.id());
			}
			this.delivered.increment();
			return;
		}
		breaker.onError(latency, TimeUnit.MILLISECONDS, new IllegalStateException(error));
		Instant next = nextAttempt(delivery, now);
		this.log.failed(delivery.id(), status, error, latency, next, now);
		this.log.failing(webhook.id(), now, now.minus(this.settings.disableAfter()));
		if (next == null) {
			this.gaveUp.increment();
		}
		else {
			this.failed.increment();
		}
	}

	/** The next attempt after {@code attempts + 1} failures, or null past retry-for. */
	@Nullable Instant nextAttempt(DeliveryLog.Delivery delivery, Instant now) {
		Instant since = (delivery.notifiedAt() != null) ? delivery.notifiedAt() : now;
		if (now.isAfter(since.plus(this.settings.retryFor()))) {
			return null;
		}
		double wait = this.settings.retryInitial().toMillis() * Math.pow(2, Math.min(delivery.attempts(), 30));
		wait = Math.min(wait, this.settings.retryMax().toMillis());
		wait *= 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
		return now.plusMillis((long) wait);
	}

}
