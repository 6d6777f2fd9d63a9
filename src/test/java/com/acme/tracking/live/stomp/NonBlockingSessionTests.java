package com.acme.tracking.live.stomp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A WebSocket session whose sends never block the sending thread (an outbound thread): a
 * client that stops reading is closed as slow once more than its limits wait, or once a
 * write waits past the send-time limit; a client next to it is not affected.
 */
class NonBlockingSessionTests {

	static final int MAX_MESSAGES = 8;

	static final int MAX_BYTES = 1024;

	static final long SEND_TIME_LIMIT_MILLIS = 10_000;

	/** The sessions closed for not reading, as the slow listener heard of them. */
	final List<NonBlockingSession> slow = new CopyOnWriteArrayList<>();

	@Test
	void aClientThatReadsGetsEveryMessageInTheOrderSent() throws Exception {
		FakeConnection client = new FakeConnection();
		NonBlockingSession session = open(client);
		List<String> sent = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			sent.add("m" + i);
			session.sendMessage(new TextMessage("m" + i));
		}
		assertThat(client.read).containsExactlyElementsOf(sent);
		assertThat(client.closed()).isNull();
		assertThat(this.slow).isEmpty();
		assertThat(client.sendTimeout()).as("the send-time limit is Tomcat's async send timeout")
			.isEqualTo(SEND_TIME_LIMIT_MILLIS);
	}

	@Test
	void aClientThatStopsReadingIsClosedAsSlowOnceMoreMessagesWaitThanTheLimit() throws Exception {
		FakeConnection client = new FakeConnection();
		NonBlockingSession session = open(client);
		client.stopReading();
		session.sendMessage(new TextMessage("on the socket"));
		for (int i = 0; i < MAX_MESSAGES; i++) {
			session.sendMessage(new TextMessage("waiting " + i));
		}
		assertThat(this.slow).as("at the limit").isEmpty();
		session.sendMessage(new TextMessage("one too many"));
		assertThat(this.slow).containsExactly(session);
		// the write on the socket fails at the send-time limit, and the connection goes
		assertThat(client.closed()).isNull();
		client.sendTimeLimitPasses();
		assertThat(client.closed()).isNotNull();
		assertThat(client.closed().getCloseCode().getCode()).isEqualTo(CloseStatus.SESSION_NOT_RELIABLE.getCode());
		assertThat(client.properties).as("a close frame waits at most 2 s for the socket")
			.containsEntry(NonBlockingSession.BLOCKING_SEND_TIMEOUT, 2000L);
		session.sendMessage(new TextMessage("after the close"));
		client.readAgain();
		assertThat(client.read).as("nothing more is written").isEmpty();
		assertThat(this.slow).as("counted once").hasSize(1);
	}

	@Test
	void moreBytesWaitingThanTheBufferLimitCloseTheSessionToo() throws Exception {
		FakeConnection client = new FakeConnection();
		NonBlockingSession session = open(client);
		client.stopReading();
		session.sendMessage(new TextMessage("on the socket"));
		session.sendMessage(new TextMessage("x".repeat(MAX_BYTES / 2)));
		assertThat(this.slow).isEmpty();
		session.sendMessage(new TextMessage("x".repeat(MAX_BYTES / 2 + 1)));
		assertThat(this.slow).containsExactly(session);
	}

	@Test
	void aWriteTheClientDoesNotTakeWithinTheSendTimeLimitClosesTheSession() throws Exception {
		FakeConnection client = new FakeConnection();
		NonBlockingSession session = open(client);
		client.stopReading();
		session.sendMessage(new TextMessage("never read"));
		assertThat(this.slow).isEmpty();
		client.sendTimeLimitPasses();
		assertThat(this.slow).containsExactly(session);
		assertThat(client.closed().getCloseCode().getCode()).isEqualTo(CloseStatus.SESSION_NOT_RELIABLE.getCode());
	}

	@Test
	void aClientThatStopsReadingHoldsNoThreadAndTheOthersKeepReceiving() throws Exception {
		FakeConnection stalledClient = new FakeConnection();
		FakeConnection healthyClient = new FakeConnection();
		NonBlockingSession stalled = open(stalledClient);
		NonBlockingSession healthy = open(healthyClient);
		stalledClient.stopReading();
		List<String> sent = new ArrayList<>();
		// one thread sends to both, as an outbound thread does: it is never held
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			for (int i = 0; i < 1000; i++) {
				stalled.sendMessage(new TextMessage("m" + i));
				healthy.sendMessage(new TextMessage("m" + i));
				sent.add("m" + i);
			}
		});
		assertThat(healthyClient.read).containsExactlyElementsOf(sent);
		assertThat(healthyClient.closed()).isNull();
		assertThat(this.slow).containsExactly(stalled);
		stalledClient.sendTimeLimitPasses();
		assertThat(stalledClient.closed()).isNotNull();
	}

	@Test
	void aCloseLetsWhatWaitsGoFirstSoAnErrorFrameArrivesBeforeTheClose() throws Exception {
		FakeConnection client = new FakeConnection();
		NonBlockingSession session = open(client);
		client.stopReading();
		session.sendMessage(new TextMessage("MESSAGE"));
		session.sendMessage(new TextMessage("ERROR"));
		session.close(CloseStatus.POLICY_VIOLATION);
		session.sendMessage(new TextMessage("after the close"));
		assertThat(client.closed()).as("not before the ERROR frame is written").isNull();
		client.readAgain();
		assertThat(client.read).containsExactly("MESSAGE", "ERROR");
		assertThat(client.closed().getCloseCode().getCode()).isEqualTo(CloseStatus.POLICY_VIOLATION.getCode());
		assertThat(this.slow).isEmpty();
	}

	private NonBlockingSession open(FakeConnection client) {
		return new NonBlockingSession(client.session, SEND_TIME_LIMIT_MILLIS, MAX_BYTES, MAX_MESSAGES, Runnable::run,
				this.slow::add);
	}

}
