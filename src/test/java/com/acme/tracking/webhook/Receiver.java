package com.acme.tracking.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * A partner's webhook receiver, a real HTTP server in the test: it verifies each request
 * the way the README tells partners to (any {@code v1=} HMAC-SHA256 of
 * {@code timestamp.body} with one of its secrets, a timestamp within 5 minutes), records
 * it, and answers the statuses it is told to (200 once they run out), or hangs.
 */
final class Receiver implements AutoCloseable {

	/** A request as received. */
	record Received(String id, String timestamp, String signature, String body, boolean verified, Instant at) {
	}

	final List<Received> received = new CopyOnWriteArrayList<>();

	final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();

	final List<String> secrets = new CopyOnWriteArrayList<>();

	volatile boolean hang;

	/** Bodies this answers 500 to, always (an endpoint that fails for some orders). */
	volatile java.util.function.Predicate<String> failing = (body) -> false;

	private final CountDownLatch released = new CountDownLatch(1);

	private final HttpServer server;

	Receiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 50);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/hook", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String id = exchange.getRequestHeaders().getFirst("Tracking-Webhook-Id");
			String timestamp = exchange.getRequestHeaders().getFirst("Tracking-Webhook-Timestamp");
			String signature = exchange.getRequestHeaders().getFirst("Tracking-Webhook-Signature");
			boolean verified = verify(timestamp, signature, body, this.secrets);
			this.received.add(new Received(id, timestamp, signature, new String(body, StandardCharsets.UTF_8), verified,
					Instant.now()));
			if (this.hang) {
				try {
					this.released.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			Integer status = this.failing.test(new String(body, StandardCharsets.UTF_8)) ? Integer.valueOf(500)
					: this.statuses.poll();
			int answer = verified ? ((status != null) ? status : 200) : 401;
			exchange.sendResponseHeaders(answer, -1);
			exchange.close();
		});
		this.server.start();
	}

	String url() {
		return "http://localhost:" + this.server.getAddress().getPort() + "/hook";
	}

	/** The verification of the README: constant-time, any of the v1 values, 5 minutes. */
	static boolean verify(String timestamp, String header, byte[] body, List<String> secrets) {
		if (timestamp == null || header == null) {
			return false;
		}
		long sent;
		try {
			sent = Long.parseLong(timestamp);
		}
		catch (NumberFormatException ex) {
			return false;
		}
		if (Math.abs(Instant.now().getEpochSecond() - sent) > 300) {
			return false;
		}
		List<byte[]> given = new ArrayList<>();
		for (String part : header.split(" ")) {
			if (part.startsWith("v1=")) {
				given.add(part.substring(3).getBytes(StandardCharsets.US_ASCII));
			}
		}
		for (String secret : secrets) {
			byte[] expected = hmac(secret, timestamp + "." + new String(body, StandardCharsets.UTF_8))
				.getBytes(StandardCharsets.US_ASCII);
			for (byte[] candidate : given) {
				if (MessageDigest.isEqual(expected, candidate)) {
					return true;
				}
			}
		}
		return false;
	}

	static String hmac(String secret, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	List<String> ids() {
		return this.received.stream().map(Received::id).toList();
	}

	@Override
	public void close() {
		this.released.countDown();
		this.server.stop(0);
	}

}
