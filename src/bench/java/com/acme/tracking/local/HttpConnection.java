package com.acme.tracking.local;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection, as light as wrk's: the request written by hand, the
 * response read by its Content-Length (or chunks).
 */
final class HttpConnection {

	private final String host;

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	boolean closing;

	HttpConnection(URI base) throws IOException {
		this.host = base.getHost() + ":" + base.getPort();
		this.socket = new Socket(base.getHost(), base.getPort());
		this.socket.setTcpNoDelay(true);
		this.out = new BufferedOutputStream(this.socket.getOutputStream());
		this.in = new BufferedInputStream(this.socket.getInputStream());
	}

	int get(String path, String token) throws IOException {
		this.out.write(
				("GET " + path + " HTTP/1.1\r\nHost: " + this.host + "\r\nAuthorization: Bearer " + token + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
		String status = line();
		long length = -1;
		boolean chunked = false;
		for (String header = line(); !header.isEmpty(); header = line()) {
			String lower = header.toLowerCase(java.util.Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring(15).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
			else if (lower.startsWith("connection:") && lower.contains("close")) {
				this.closing = true; // Tomcat ends a connection after 100 requests
			}
		}
		if (chunked) {
			for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
				skip(size);
				line();
			}
			line();
		}
		else if (length > 0) {
			skip(length);
		}
		return Integer.parseInt(status.substring(9, 12));
	}

	void close() throws IOException {
		this.socket.close();
	}

	private void skip(long n) throws IOException {
		this.in.skipNBytes(n);
	}

	private String line() throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
			if (b < 0) {
				throw new IOException("closed");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

}
