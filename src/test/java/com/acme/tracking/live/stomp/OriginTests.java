package com.acme.tracking.live.stomp;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import com.acme.tracking.TrackingIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page on another origin may not open {@code /ws} (issue 9, R14): the WebSocket
 * handshake is refused by the origin allow-list (same origin only by default), while the
 * same origin and clients that send no Origin (apps, partners) are let through. A socket
 * that never sends CONNECT does not hold its slot (R11).
 */
@TrackingIntegrationTest
class OriginTests {

	@LocalServerPort
	int port;

	@Test
	void anotherOriginIsRefusedAtTheHandshake() throws IOException {
		assertThat(handshake("https://evil.example")).startsWith("HTTP/1.1 403");
		assertThat(handshake("http://localhost:" + this.port + ".evil.example")).startsWith("HTTP/1.1 403");
		assertThat(handshake("http://localhost:" + this.port)).startsWith("HTTP/1.1 101");
		assertThat(handshake(null)).startsWith("HTTP/1.1 101");
	}

	@Test
	void aSocketThatNeverSendsConnectIsClosed() throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(30_000);
			socket.getOutputStream()
				.write(("GET /ws HTTP/1.1\r\nHost: localhost:" + this.port
						+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
						+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v12.stomp\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			long start = System.nanoTime();
			InputStream in = socket.getInputStream();
			int matched = 0;
			while (matched < 4) { // the 101 response, up to its blank line
				int b = in.read();
				matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
			}
			int first = in.read(); // the next frame the server sends
			double seconds = (System.nanoTime() - start) / 1e9;
			assertThat(first & 0x0F).as("a close frame").isEqualTo(0x8);
			assertThat(seconds).as("closed after the first-message timeout (10 s)").isBetween(5.0, 25.0);
		}
	}

	private String handshake(String origin) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET /ws HTTP/1.1\r\nHost: localhost:" + this.port
						+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
						+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v12.stomp\r\n"
						+ ((origin != null) ? "Origin: " + origin + "\r\n" : "") + "\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			StringBuilder line = new StringBuilder();
			for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
				line.append((char) b);
			}
			return line.toString().trim();
		}
	}

}
