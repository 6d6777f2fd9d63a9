package com.acme.tracking.history.web;

import java.time.Instant;
import java.util.Map;

import com.acme.tracking.history.HistorySettings;
import com.acme.tracking.history.PageKey;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Replicas that share {@code tracking.history.cursor-secret} accept each other's cursors;
 * a replica with another key (or none: a random one) refuses them as forged.
 */
class CursorsTests {

	static final PageKey KEY = new PageKey(Instant.parse("2026-11-25T12:00:00.123456789Z"), 5, 1_234_567_890_123L);

	@Test
	void replicasWithTheSameSecretAcceptEachOthersCursors() {
		String secret = "a-fleet-secret-of-at-least-32-bytes!";
		String cursor = cursors(secret).issue(KEY, "positions\u0000c-1");
		assertThat(cursors(secret).read(cursor, "positions\u0000c-1")).isEqualTo(KEY);
	}

	@Test
	void aCursorSignedWithAnotherKeyIsRefused() {
		String cursor = cursors("a-fleet-secret-of-at-least-32-bytes!").issue(KEY, "positions\u0000c-1");
		assertThatExceptionOfType(BadParameter.class)
			.isThrownBy(() -> cursors("another-secret-of-at-least-32-bytes!").read(cursor, "positions\u0000c-1"));
		assertThatExceptionOfType(BadParameter.class)
			.isThrownBy(() -> cursors(null).read(cursor, "positions\u0000c-1"));
	}

	private static Cursors cursors(String secret) {
		Map<String, String> properties = (secret != null) ? Map.of("tracking.history.cursor-secret", secret) : Map.of();
		return new Cursors(new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("tracking.history",
				Bindable.of(HistorySettings.class)));
	}

}
