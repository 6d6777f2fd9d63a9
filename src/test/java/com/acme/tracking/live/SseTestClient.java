package com.acme.tracking.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.acme.tracking.ApiContract;
import org.jspecify.annotations.Nullable;

/**
 * An SSE client the way an app is one: {@code GET /v1/orders/{id}/events} with a bearer
 * token, reading events as they come (each stamped with when it arrived), on its own
 * connection; {@link #close()} closes that connection.
 */
public final class SseTestClient implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * One event and when it arrived ({@link System#nanoTime()} and wall-clock
	 * milliseconds).
	 */
	public record Event(String name, @Nullable String id, String data, long receivedNanos, long receivedAtMillis) {
	}

	public final List<Event> events = new CopyOnWriteArrayList<>();

	/** The response status, once the headers arrived. */
	public final CompletableFuture<HttpResponse<InputStream>> response;

	/** Completes when the server ended the stream (or the connection failed). */
	public final CompletableFuture<Void> ended = new CompletableFuture<>();

	/** The whole body, for an answer that is not a stream (a problem). */
	public final StringBuilder body = new StringBuilder();

	private volatile @Nullable InputStream input;

	private String name = "message";

	private @Nullable String id;

	private final StringBuilder data = new StringBuilder();

	private SseTestClient(int port, String orderId, String token, @Nullable String lastEventId) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/v1/orders/" + orderId + "/events"))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "text/event-stream");
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		this.response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		this.response.thenAccept((answer) -> {
			this.input = answer.body();
			Thread reader = new Thread(() -> read(answer.body()), "sse-test-client");
			reader.setDaemon(true);
			reader.start();
		}).exceptionally((failure) -> {
			this.ended.complete(null);
			return null;
		});
	}

	public static SseTestClient open(int port, String orderId, String token) {
		return new SseTestClient(port, orderId, token, null);
	}

	/**
	 * Opens a stream that resumes after the event with this id ({@code Last-Event-ID}).
	 */
	public static SseTestClient resume(int port, String orderId, String token, String lastEventId) {
		return new SseTestClient(port, orderId, token, lastEventId);
	}

	/**
	 * The response status (waits for the headers); status, headers and media type must be
	 * what {@code api/openapi.yaml} declares ({@link ApiContract}; the stream's body is
	 * not checked).
	 */
	public int status() throws Exception {
		HttpResponse<InputStream> answer = this.response.get(10, TimeUnit.SECONDS);
		ApiContract.published().check("GET", answer.uri(), answer.statusCode(), answer.headers(), null);
		return answer.statusCode();
	}

	public @Nullable String header(String name) throws Exception {
		return this.response.get(10, TimeUnit.SECONDS).headers().firstValue(name).orElse(null);
	}

	public List<Event> named(String name) {
		return this.events.stream().filter((e) -> e.name().equals(name)).toList();
	}

	public boolean isEnded() {
		return this.ended.isDone();
	}

	private void read(InputStream stream) {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				synchronized (this.body) {
					this.body.append(line).append('\n');
				}
				line(line);
			}
		}
		catch (IOException ex) {
			// closed by us, or the connection failed
		}
		finally {
			this.ended.complete(null);
		}
	}

	private void line(String line) {
		if (line.isEmpty()) {
			if (!this.data.isEmpty()) {
				this.events.add(new Event(this.name, this.id, this.data.toString(), System.nanoTime(),
						System.currentTimeMillis()));
			}
			this.name = "message";
			this.id = null;
			this.data.setLength(0);
		}
		else if (line.startsWith("event:")) {
			this.name = line.substring(6).trim();
		}
		else if (line.startsWith("id:")) {
			this.id = line.substring(3).trim();
		}
		else if (line.startsWith("data:")) {
			this.data.append(line.substring(5));
		}
	}

	@Override
	public void close() throws IOException {
		this.response.cancel(true);
		InputStream stream = this.input;
		if (stream != null) {
			stream.close();
		}
	}

	/**
	 * A client that opens a stream and never reads: a socket with a small receive buffer,
	 * so that the server's writes stall after a few kilobytes.
	 */
	public static Socket stalled(int port, String orderId, String token) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(1024);
		socket.connect(new java.net.InetSocketAddress("localhost", port), 5000);
		socket.getOutputStream()
			.write(("GET /v1/orders/" + orderId + "/events HTTP/1.1\r\nHost: localhost:" + port
					+ "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		return socket;
	}

}
