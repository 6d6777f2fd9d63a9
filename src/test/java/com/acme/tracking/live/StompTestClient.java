package com.acme.tracking.live;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.converter.SimpleMessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * A STOMP client as our users connect: native WebSocket, {@code Authorization: Bearer} in
 * CONNECT. Records every MESSAGE body and every ERROR frame.
 */
public final class StompTestClient extends StompSessionHandlerAdapter implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public final List<JsonNode> messages = new CopyOnWriteArrayList<>();

	public final List<String> errors = new CopyOnWriteArrayList<>();

	/** The headers of every ERROR frame. */
	public final List<StompHeaders> errorFrames = new CopyOnWriteArrayList<>();

	private final WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());

	private @Nullable StompSession session;

	public volatile @Nullable Throwable transportError;

	public StompTestClient() {
		this.client.setMessageConverter(new SimpleMessageConverter());
	}

	public StompTestClient connect(int port, String token) throws Exception {
		StompHeaders headers = new StompHeaders();
		headers.add("Authorization", "Bearer " + token);
		this.session = this.client
			.connectAsync("ws://localhost:" + port + "/ws", new WebSocketHttpHeaders(), headers, this)
			.get(10, TimeUnit.SECONDS);
		return this;
	}

	public StompSession.Subscription subscribe(String destination) {
		return session().subscribe(destination, this);
	}

	/** Subscribes with the id given (STOMP 1.2: unique within the session). */
	public StompSession.Subscription subscribe(String destination, String id) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.setId(id);
		return session().subscribe(headers, this);
	}

	public void send(String destination, String body) {
		session().send(destination, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	public boolean connected() {
		return this.session != null && this.session.isConnected();
	}

	public List<JsonNode> ofType(String type) {
		return this.messages.stream().filter((m) -> type.equals(m.path("type").asString(""))).toList();
	}

	@Override
	public Type getPayloadType(StompHeaders headers) {
		return byte[].class;
	}

	@Override
	public void handleFrame(StompHeaders headers, @Nullable Object payload) {
		if (headers.getDestination() == null && headers.containsKey("message")) {
			this.errors.add(String.valueOf(headers.getFirst("message")));
			this.errorFrames.add(headers);
			return;
		}
		this.messages.add(JSON.readTree((byte[]) payload));
	}

	@Override
	public void handleException(StompSession session, @Nullable StompCommand command, StompHeaders headers,
			byte[] payload, Throwable exception) {
		this.errors.add(String.valueOf(exception.getMessage()));
	}

	@Override
	public void handleTransportError(StompSession session, Throwable exception) {
		this.transportError = exception;
	}

	private StompSession session() {
		if (this.session == null) {
			throw new IllegalStateException("not connected");
		}
		return this.session;
	}

	@Override
	public void close() {
		if (this.session != null && this.session.isConnected()) {
			this.session.disconnect();
		}
		this.client.stop();
	}

	public static Duration timeout() {
		return Duration.ofSeconds(15);
	}

}
