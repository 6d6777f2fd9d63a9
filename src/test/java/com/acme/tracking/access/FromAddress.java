package com.acme.tracking.access;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An HTTP/1.1 client whose connections come from one loopback address of its own
 * ({@code 127.x.y.z}, all of which reach the service on Linux), so that a test can be a
 * client address the rest of the suite does not share. Keep-alive, reconnecting when the
 * server ends a connection.
 */
final class FromAddress implements AutoCloseable {

	private final InetAddress from;

	private final int port;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	FromAddress(InetAddress from, int port) {
		this.from = from;
		this.port = port;
	}

	/** A fresh address of 127/8 (never 127.0.0.1, the one every other test uses). */
	static InetAddress freshLoopback() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		try {
			return InetAddress.getByAddress(new byte[] { 127, (byte) random.nextInt(16, 250),
					(byte) random.nextInt(1, 250), (byte) random.nextInt(1, 250) });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The answer's status and headers (lower-case names); the body is read and dropped.
	 */
	Answer get(String path, String... headers) throws IOException {
		for (int attempt = 0;; attempt++) {
			try {
				return send(path, headers);
			}
			catch (IOException ex) {
				close();
				if (attempt > 0) {
					throw ex;
				}
			}
		}
	}

	/** A WebSocket upgrade of {@code /ws}: its status, and the connection closed. */
	int handshake() throws IOException {
		try (Socket upgrade = connect()) {
			byte[] key = new byte[16];
			ThreadLocalRandom.current().nextBytes(key);
			upgrade.getOutputStream()
				.write(("GET /ws HTTP/1.1\r\nHost: localhost:" + this.port
						+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
						+ "Sec-WebSocket-Key: " + java.util.Base64.getEncoder().encodeToString(key)
						+ "\r\nSec-WebSocket-Protocol: v12.stomp\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			InputStream answer = new BufferedInputStream(upgrade.getInputStream());
			return Integer.parseInt(line(answer).split(" ")[1]);
		}
	}

	private Answer send(String path, String... headers) throws IOException {
		if (this.socket == null) {
			this.socket = connect();
			this.in = new BufferedInputStream(this.socket.getInputStream());
			this.out = this.socket.getOutputStream();
		}
		StringBuilder request = new StringBuilder("GET ").append(path)
			.append(" HTTP/1.1\r\nHost: localhost:")
			.append(this.port)
			.append("\r\n");
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		this.out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
		String status = line(this.in);
		if (status.isEmpty()) {
			throw new IOException("closed");
		}
		Map<String, String> answerHeaders = new LinkedHashMap<>();
		for (String header = line(this.in); !header.isEmpty(); header = line(this.in)) {
			int colon = header.indexOf(':');
			answerHeaders.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
					header.substring(colon + 1).trim());
		}
		if (answerHeaders.containsKey("content-length")) {
			this.in.readNBytes(Integer.parseInt(answerHeaders.get("content-length")));
		}
		else if ("chunked".equalsIgnoreCase(answerHeaders.get("transfer-encoding"))) {
			for (int size = Integer.parseInt(line(this.in).trim(), 16); size > 0; size = Integer
				.parseInt(line(this.in).trim(), 16)) {
				this.in.readNBytes(size);
				line(this.in);
			}
			line(this.in);
		}
		if ("close".equalsIgnoreCase(answerHeaders.get("connection"))) {
			close();
		}
		return new Answer(Integer.parseInt(status.split(" ")[1]), answerHeaders);
	}

	private Socket connect() throws IOException {
		Socket connection = new Socket();
		connection.bind(new InetSocketAddress(this.from, 0));
		connection.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 5000);
		connection.setSoTimeout(10_000);
		connection.setTcpNoDelay(true);
		return connection;
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
			this.socket = null;
		}
	}

	/** An HTTP answer's status and headers. */
	record Answer(int status, Map<String, String> headers) {
	}

}
