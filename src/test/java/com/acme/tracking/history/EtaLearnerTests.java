package com.acme.tracking.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.acme.tracking.delivery.EtaModel;
import com.acme.tracking.delivery.EtaModels;
import com.acme.tracking.delivery.EtaSettings;
import com.acme.tracking.shared.GeoPoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/** The learner's refresh, with the warehouse's answers made up. */
@ExtendWith(OutputCaptureExtension.class)
class EtaLearnerTests {

	static final GeoPoint AREA = new GeoPoint(48.8566, 2.3522);

	static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	final EtaModel fallback = EtaModel.fallback(1.3, 5, NOW.minusSeconds(3600));

	final EtaModels models = new EtaModels(this.fallback);

	final EtaSettings settings = new EtaSettings(ZoneOffset.UTC, Duration.ofHours(1), Duration.ofSeconds(30),
			Duration.ofDays(28), 100_000, 5.0);

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final List<String> reads = new ArrayList<>();

	/** What the warehouse answers next: trips at this speed (m/s), or a failure. */
	double speed = 2;

	boolean down;

	int trips = 30;

	final EtaLearner learner = new EtaLearner((from, to, max, into) -> {
		this.reads.add(from + ".." + to + " max " + max);
		if (this.down) {
			throw new DataAccessResourceFailureException("Connection refused");
		}
		for (int i = 0; i < this.trips; i++) {
			trip(into, NOW.minusSeconds(86400 + i * 3600L), 3000, this.speed);
		}
	}, this.models, this.settings, Clock.fixed(NOW, ZoneOffset.UTC), this.meters);

	@Test
	void aLearnedModelReplacesTheOneInUse() {
		assertThat(this.learner.refresh()).isTrue();
		EtaModel slow = this.models.current();
		assertThat(slow.learned()).isTrue();
		assertThat(slow.trips()).isEqualTo(30);
		assertThat(slow.predict(AREA, 2000, NOW).p50()).isCloseTo(1000, org.assertj.core.data.Offset.offset(60.0));
		assertThat(this.reads).containsExactly(NOW.minus(Duration.ofDays(28)) + ".." + NOW + " max 100000");

		this.speed = 5;
		assertThat(this.learner.refresh()).isTrue();
		assertThat(this.models.current()).isNotSameAs(slow);
		assertThat(this.models.current().predict(AREA, 2000, NOW).p50()).isCloseTo(400,
				org.assertj.core.data.Offset.offset(30.0));
		assertThat(this.meters.get("tracking.eta.model.trips").gauge().value()).isEqualTo(30);
		assertThat(this.meters.get("tracking.eta.model.keys").gauge().value()).isPositive();
		assertThat(this.meters.get("tracking.eta.model.age").gauge().value()).isZero();
		assertThat(this.meters.get("tracking.eta.learn").tag("outcome", "learned").timer().count()).isEqualTo(2);
	}

	@Test
	void aFailureKeepsTheModelInUseAndIsLoggedOnce(CapturedOutput output) {
		assertThat(this.meters.get("tracking.eta.model.age").gauge().value()).isEqualTo(3600);
		this.learner.refresh();
		EtaModel learned = this.models.current();
		this.down = true;
		assertThat(this.learner.refresh()).isFalse();
		assertThat(this.learner.refresh()).isFalse();
		assertThat(this.models.current()).isSameAs(learned);
		assertThat(output.getOut().split("ETA model not learned, keeping the one in use", -1)).hasSize(2);
		assertThat(this.meters.get("tracking.eta.learn").tag("outcome", "failed").timer().count()).isEqualTo(2);
		this.down = false;
		assertThat(this.learner.refresh()).isTrue();
		assertThat(output.getOut()).contains("ETA learning works again");
	}

	@Test
	void tooLittleHistoryKeepsTheFallback() {
		this.trips = EtaModel.MIN_TRIPS - 1;
		assertThat(this.learner.refresh()).isFalse();
		assertThat(this.models.current()).isSameAs(this.fallback);
		assertThat(this.meters.get("tracking.eta.model.trips").gauge().value()).isZero();
	}

	/** A trip from {@code meters} south of the area straight to it, a fix a minute. */
	static void trip(EtaModel.Builder builder, Instant start, double meters, double speed) {
		double seconds = meters / speed;
		int trip = builder.trip(AREA, start.plusMillis(Math.round(seconds * 1000)));
		for (int t = 0; t <= seconds; t += 60) {
			builder.fix(trip, AREA.lat() - (meters - t * speed) / 111_195.0, AREA.lon(), start.plusSeconds(t));
		}
	}

}
