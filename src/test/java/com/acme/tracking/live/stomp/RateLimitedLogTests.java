package com.acme.tracking.live.stomp;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Log lines about client mistakes: one per interval and kind, with what was left out. */
class RateLimitedLogTests {

	private static final String NAME = "com.acme.tracking.live.stomp.RateLimitedLogTests.lines";

	private final AtomicLong now = new AtomicLong(1_000);

	private final RateLimitedLog lines = new RateLimitedLog(LogFactory.getLog(NAME), TimeUnit.SECONDS.toNanos(5),
			this.now::get);

	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	@BeforeEach
	void listen() {
		this.logged.start();
		((Logger) LoggerFactory.getLogger(NAME)).addAppender(this.logged);
	}

	@AfterEach
	void stopListening() {
		((Logger) LoggerFactory.getLogger(NAME)).detachAppender(this.logged);
	}

	@Test
	void aFloodGivesOneLinePerIntervalSayingHowManyWereLeftOut() {
		for (int i = 0; i < 1000; i++) {
			this.lines.warn("protocol-error", "bad frame " + i);
			this.now.addAndGet(TimeUnit.MILLISECONDS.toNanos(12));
		}
		// 12 s of bad frames: lines at 0 s, 5.004 s and 10.008 s
		assertThat(this.logged.list).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly("bad frame 0", "bad frame 417 (416 more like it since the last line)",
					"bad frame 834 (416 more like it since the last line)");
		assertThat(this.logged.list).allSatisfy((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getThrowableProxy()).isNull();
		});
	}

	@Test
	void eachKindHasItsOwnInterval() {
		this.lines.warn("protocol-error", "bad frame");
		this.lines.warn("connect", "bad token");
		this.lines.warn("connect", "bad token again");
		this.lines.error("failure", "our fault", new IllegalStateException("boom"));
		assertThat(this.logged.list).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly("bad frame", "bad token", "our fault");
		assertThat(this.logged.list.get(2).getLevel()).isEqualTo(Level.ERROR);
		assertThat(this.logged.list.get(2).getThrowableProxy()).as("a failure of ours keeps its stack").isNotNull();
	}

}
