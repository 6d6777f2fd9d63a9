package com.acme.tracking.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * A WebSocket client written by hand on a plain socket, for what well-behaved clients
 * never do: stop reading (a 4 KB receive buffer, never read), send frames over the size
 * limit, flood the server with connections. Benchmarks (B5) and the abuse tests use it.
 */
public final class RawWebSocket {

	private RawWebSocket() {
	}

	/**
	 * Opens a socket and completes the upgrade of {@code ws} (reading the 101 response up
	 * to its blank line, nothing more).
	 */
	public static Socket open(URI ws, int receiveBuffer) throws IOException {
		return open(ws, receiveBuffer, null);
	}

	/**
	 * {@link #open(URI, int)} from a given local address: a flood from many client
	 * addresses (any {@code 127.x.y.z} reaches a local service on Linux), each with its
	 * own rate limit.
	 */
	public static Socket open(URI ws, int receiveBuffer, java.net.@org.jspecify.annotations.Nullable InetAddress from)
			throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(receiveBuffer);
		if (from != null) {
			socket.bind(new InetSocketAddress(from, 0));
		}
		socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()));
		OutputStream out = socket.getOutputStream();
		byte[] key = new byte[16];
		ThreadLocalRandom.current().nextBytes(key);
		out.write(("GET " + ws.getPath() + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Protocol: v12.stomp\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		InputStream in = socket.getInputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("closed during the upgrade");
			}
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return socket;
	}

	/**
	 * A STOMP session that connects, subscribes and never reads again: its socket's
	 * receive buffer is 4 KB.
	 */
	public static Socket stalled(URI ws, String token, List<String> destinations) throws IOException {
		Socket socket = open(ws, 4096);
		StringBuilder frames = new StringBuilder(
				"CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nAuthorization:Bearer " + token
						+ "\n\n\0");
		for (int s = 0; s < destinations.size(); s++) {
			frames.append("SUBSCRIBE\nid:").append(s).append("\ndestination:").append(destinations.get(s));
			frames.append("\n\n\0");
		}
		send(socket, frames.toString());
		return socket;
	}

	/** Sends one text frame. */
	public static void send(Socket socket, String text) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(maskedTextFrame(text.getBytes(StandardCharsets.UTF_8)));
		out.flush();
	}

	/**
	 * Reads frames until the server closes: the close frame's status code, or -1 when the
	 * connection ended without one. Text frames are appended to {@code text}.
	 */
	public static int readUntilClosed(Socket socket, StringBuilder text) throws IOException {
		return readUntil(socket, text, null);
	}

	/**
	 * Reads frames until {@code text} (where text frames are appended) contains
	 * {@code expected}: 0; or until the server closes, as {@link #readUntilClosed}.
	 */
	public static int readUntil(Socket socket, StringBuilder text, @Nullable String expected) throws IOException {
		InputStream in = socket.getInputStream();
		while (expected == null || text.indexOf(expected) < 0) {
			int first = in.read();
			if (first < 0) {
				return -1;
			}
			long length = in.read() & 0x7F;
			if (length == 126) {
				length = (in.read() << 8) | in.read();
			}
			else if (length == 127) {
				length = 0;
				for (int i = 0; i < 8; i++) {
					length = (length << 8) | in.read();
				}
			}
			byte[] payload = in.readNBytes((int) length);
			if ((first & 0x0F) == 0x8) {
				return (payload.length >= 2) ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
			}
			if ((first & 0x0F) == 0x1) {
				text.append(new String(payload, StandardCharsets.UTF_8));
			}
		}
		return 0;
	}

	/** A client's text frame: masked, with the length in 7, 16 or 64 bits. */
	public static byte[] maskedTextFrame(byte[] payload) {
		int header = (payload.length < 126) ? 2 : (payload.length < 65536) ? 4 : 10;
		byte[] frame = new byte[header + 4 + payload.length];
		frame[0] = (byte) 0x81;
		if (header == 2) {
			frame[1] = (byte) (0x80 | payload.length);
		}
		else if (header == 4) {
			frame[1] = (byte) (0x80 | 126);
			frame[2] = (byte) (payload.length >> 8);
			frame[3] = (byte) payload.length;
		}
		else {
			frame[1] = (byte) (0x80 | 127);
			for (int i = 0; i < 8; i++) {
				frame[2 + i] = (byte) ((long) payload.length >> (8 * (7 - i)));
			}
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		System.arraycopy(mask, 0, frame, header, 4);
		for (int i = 0; i < payload.length; i++) {
			frame[header + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
		}
		return frame;
	}

}
