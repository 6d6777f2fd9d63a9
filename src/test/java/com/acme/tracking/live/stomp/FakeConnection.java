package com.acme.tracking.live.stomp;

import java.lang.reflect.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

/**
 * A WebSocket connection to one client, without a network: the native session under a
 * {@link StandardWebSocketSession}, whose asynchronous remote hands each write to the
 * client at once while it reads, and holds it (the socket is full) once it stopped.
 */
final class FakeConnection implements RemoteEndpoint.Async {

	final StandardWebSocketSession session = new StandardWebSocketSession(null, null, null, null);

	/** What the client has read, in order. */
	final List<String> read = new CopyOnWriteArrayList<>();

	/** The native session's user properties (Tomcat's settings of the connection). */
	final Map<String, Object> properties = new ConcurrentHashMap<>();

	/** Writes the socket has not taken (guarded by this). */
	private final ArrayDeque<Write> held = new ArrayDeque<>();

	private boolean reading = true;

	private volatile @Nullable CloseReason closed;

	private volatile long sendTimeout;

	FakeConnection() {
		this.session.initializeNativeSession(nativeSession());
	}

	/** The client stops reading: the socket takes no more writes. */
	synchronized void stopReading() {
		this.reading = false;
	}

	/** The client reads again: what the socket held is read, and what follows. */
	void readAgain() {
		synchronized (this) {
			this.reading = true;
		}
		Write write;
		while ((write = nextHeld()) != null) {
			this.read.add(write.text());
			write.handler().onResult(new SendResult());
		}
	}

	/** The send-time limit passes on the write under way: Tomcat fails it. */
	void sendTimeLimitPasses() {
		Write write = nextHeld();
		if (write != null) {
			write.handler().onResult(new SendResult(new SocketTimeoutException("send timeout")));
		}
	}

	/** How the connection was closed; null while it is open. */
	@Nullable CloseReason closed() {
		return this.closed;
	}

	/** The timeout of asynchronous writes, as set on the remote. */
	long sendTimeout() {
		return this.sendTimeout;
	}

	private synchronized @Nullable Write nextHeld() {
		return this.held.poll();
	}

	@Override
	public void sendText(String text, SendHandler handler) {
		synchronized (this) {
			if (!this.reading) {
				this.held.add(new Write(text, handler));
				return;
			}
		}
		this.read.add(text);
		// Tomcat calls back on the sending thread when the socket takes a write at once
		handler.onResult(new SendResult());
	}

	@Override
	public void sendBinary(ByteBuffer data, SendHandler handler) {
		sendText(StandardCharsets.UTF_8.decode(data).toString(), handler);
	}

	@Override
	public long getSendTimeout() {
		return this.sendTimeout;
	}

	@Override
	public void setSendTimeout(long timeout) {
		this.sendTimeout = timeout;
	}

	@Override
	public Future<Void> sendText(String text) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Future<Void> sendBinary(ByteBuffer data) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Future<Void> sendObject(Object data) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void sendObject(Object data, SendHandler handler) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void setBatchingAllowed(boolean allowed) {
		throw new UnsupportedOperationException();
	}

	@Override
	public boolean getBatchingAllowed() {
		return false;
	}

	@Override
	public void flushBatch() {
	}

	@Override
	public void sendPing(ByteBuffer data) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void sendPong(ByteBuffer data) {
		throw new UnsupportedOperationException();
	}

	private Session nativeSession() {
		return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Session.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "getAsyncRemote" -> this;
					case "getUserProperties" -> this.properties;
					case "getRequestURI" -> URI.create("ws://localhost/ws");
					case "getNegotiatedExtensions" -> List.of();
					case "getNegotiatedSubprotocol", "getUserPrincipal", "setMaxTextMessageBufferSize",
							"setMaxBinaryMessageBufferSize" ->
						null;
					case "isOpen" -> this.closed == null;
					case "close" -> {
						this.closed = (args != null && args.length == 1) ? (CloseReason) args[0]
								: new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "");
						yield null;
					}
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					case "toString" -> "FakeConnection";
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

	private record Write(String text, SendHandler handler) {
	}

}
