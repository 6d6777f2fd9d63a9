package com.acme.tracking.local;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The baseline of the fan-out benchmark (B3): plain {@link TextWebSocketHandler} sessions
 * at {@code /dev/ws-baseline}, no STOMP broker, no authentication, no Kafka. One loop
 * thread sends every open session, once a second (paced evenly over the second), the
 * bytes of a STOMP MESSAGE frame carrying a position, with {@code recordedAt} set to the
 * moment of the send: what the push path costs without its work.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class BaselineWebSocket extends TextWebSocketHandler implements WebSocketConfigurer, DisposableBean {

	private final Map<String, WebSocketSession> sessions = new ConcurrentHashMap<>();

	private volatile boolean running = true;

	private final Thread loop = new Thread(this::loop, "ws-baseline-loop");

	BaselineWebSocket() {
		this.loop.setDaemon(true);
		this.loop.start();
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(this, "/dev/ws-baseline").setAllowedOriginPatterns("*");
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.sessions.put(session.getId(), session);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		this.sessions.remove(session.getId());
	}

	@Override
	public void destroy() {
		this.running = false;
	}

	static String frame(String orderId, Instant recordedAt) {
		String body = "{\"type\":\"position\",\"orderId\":\"" + orderId + "\",\"position\":{\"lat\":-23.561680,"
				+ "\"lon\":-46.655980,\"accuracyMeters\":5.0,\"recordedAt\":\"" + recordedAt + "\",\"ageSeconds\":0,"
				+ "\"stale\":false},\"etaSeconds\":312,\"arriving\":false,\"arrived\":false}";
		return "MESSAGE\ndestination:/topic/orders." + orderId
				+ "\ncontent-type:application/json\nsubscription:0\nmessage-id:" + System.nanoTime()
				+ "\ncontent-length:" + body.length() + "\n\n" + body + "\0";
	}

	private void loop() {
		while (this.running) {
			List<WebSocketSession> open = new ArrayList<>(this.sessions.values());
			long start = System.nanoTime();
			if (open.isEmpty()) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
				continue;
			}
			long step = TimeUnit.SECONDS.toNanos(1) / open.size();
			for (int i = 0; i < open.size(); i++) {
				long due = start + i * step;
				for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
					LockSupport.parkNanos(wait);
				}
				WebSocketSession session = open.get(i);
				try {
					if (session.isOpen()) {
						session.sendMessage(new TextMessage(frame(session.getId(), Instant.now())));
					}
				}
				catch (IOException | RuntimeException ex) {
					this.sessions.remove(session.getId());
				}
			}
			long next = start + TimeUnit.SECONDS.toNanos(1);
			for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
				LockSupport.parkNanos(wait);
			}
		}
	}

}
