package com.acme.tracking.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.acme.tracking.delivery.EtaModel;
import com.acme.tracking.delivery.EtaModels;
import com.acme.tracking.delivery.EtaSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Learns the ETA model from the warehouse's delivered orders and hands it to
 * {@code delivery} ({@link EtaModels#use}): once {@code tracking.eta.learn-delay} after
 * the start, then every {@code tracking.eta.learn-interval}, on a thread of its own (a
 * learning of weeks of history takes a while and must not hold the shared scheduler).
 * Every replica learns for itself: the model lives in the memory of each.
 *
 * <p>
 * A failed learning (the warehouse down, a query timed out) leaves the model in use as it
 * is and never touches live tracking; it is logged once, when the failures begin, and
 * once more when learning works again. So is too little history (fewer trips than a key
 * needs): the fallback, or the last model learned, stays.
 *
 * <p>
 * Metrics: {@code tracking.eta.model.trips} and {@code tracking.eta.model.keys} of the
 * model in use (0 for the fallback), {@code tracking.eta.model.age.seconds} since it was
 * built (for the fallback, since the start), and the timer {@code tracking.eta.learn}
 * ({@code outcome}: {@code learned}, {@code too-little-history}, {@code failed}).
 */
@Component
class EtaLearner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EtaLearner.class);

	private final TripHistory trips;

	private final EtaModels models;

	private final EtaSettings settings;

	private final Clock clock;

	private final MeterRegistry meters;

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private volatile boolean running;

	/** What the last learning ended in, so that a repeated outcome is logged once. */
	private String lastOutcome = "";

	EtaLearner(TripHistory trips, EtaModels models, EtaSettings settings, Clock clock, MeterRegistry meters) {
		this.trips = trips;
		this.models = models;
		this.settings = settings;
		this.clock = clock;
		this.meters = meters;
		Gauge.builder("tracking.eta.model.trips", models, (m) -> m.current().trips())
			.description("Delivered trips the ETA model in use was learned from (0: the fallback)")
			.register(meters);
		Gauge.builder("tracking.eta.model.keys", models, (m) -> m.current().keys())
			.description("Keys (area, hour of week) with a curve of their own in the ETA model in use")
			.register(meters);
		Gauge.builder("tracking.eta.model.age", models, this::ageSeconds)
			.baseUnit("seconds")
			.description("Time since the ETA model in use was built")
			.register(meters);
		this.scheduler.setPoolSize(1);
		this.scheduler.setThreadNamePrefix("eta-learner-");
		this.scheduler.setDaemon(true);
		this.scheduler.setWaitForTasksToCompleteOnShutdown(false);
	}

	/**
	 * Learns a model from the window of history and puts it in use; returns whether it
	 * did. Never throws.
	 */
	synchronized boolean refresh() {
		Instant now = this.clock.instant();
		long started = System.nanoTime();
		String outcome;
		EtaModel model = null;
		try {
			EtaModel.Builder builder = EtaModel.builder(this.settings.zone());
			this.trips.read(now.minus(this.settings.learnWindow()), now, this.settings.learnMaxOrders(), builder);
			model = builder.build(now);
			outcome = (model != null) ? "learned" : "too-little-history";
			if (model != null) {
				this.models.use(model);
				log.info("ETA model learned in {} ms: {}", (System.nanoTime() - started) / 1_000_000, model.describe());
			}
			else if (!outcome.equals(this.lastOutcome)) {
				log.info("ETA model not learned: fewer than {} delivered trips with positions in the last {} h; "
						+ "keeping the one in use", EtaModel.MIN_TRIPS, this.settings.learnWindow().toHours());
			}
		}
		catch (RuntimeException ex) {
			outcome = "failed";
			if (!outcome.equals(this.lastOutcome)) {
				log.warn("ETA model not learned, keeping the one in use (logged once until learning works again): {}",
						ex.toString());
			}
		}
		if ("failed".equals(this.lastOutcome) && !"failed".equals(outcome)) {
			log.info("ETA learning works again");
		}
		this.lastOutcome = outcome;
		Timer.builder("tracking.eta.learn")
			.description("Time to learn the ETA model from the warehouse")
			.tag("outcome", outcome)
			.register(this.meters)
			.record(Duration.ofNanos(System.nanoTime() - started));
		return model != null;
	}

	private double ageSeconds(EtaModels models) {
		return Duration.between(models.current().builtAt(), this.clock.instant()).toMillis() / 1000.0;
	}

	@Override
	public void start() {
		this.scheduler.initialize();
		this.scheduler.scheduleWithFixedDelay(this::refresh, this.clock.instant().plus(this.settings.learnDelay()),
				this.settings.learnInterval());
		this.running = true;
	}

	@Override
	public void stop() {
		this.scheduler.shutdown();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
