package com.acme.tracking.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.acme.tracking.local.BenchFleet;

/**
 * WebSocket clients that come and go during the R18 soak: {@code SessionChurn <http>
 * <token file> <sessions> <seconds> <destination>} keeps that many STOMP sessions
 * subscribed, closes them all every 30 seconds and opens new ones, so a leak of sessions
 * or threads would show in the service's gauges. Prints the sessions opened and the
 * messages received at the end.
 */
public final class SessionChurn {

	private SessionChurn() {
	}

	public static void main(String[] args) throws Exception {
		String http = args[0];
		String token = Files.readString(Path.of(args[1])).trim();
		int sessions = Integer.parseInt(args[2]);
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
		String destination = args[4];
		HttpClient client = HttpClient.newHttpClient();
		URI ws = URI.create(http.replace("http", "ws") + "/ws");
		AtomicLong messages = new AtomicLong();
		long opened = 0;
		int cycles = 0;
		while (System.nanoTime() < end) {
			List<CompletableFuture<WebSocket>> open = new ArrayList<>();
			for (int i = 0; i < sessions; i++) {
				open.add(BenchFleet.stomp(client, ws, token, List.of(destination), (frame) -> {
					if (frame.startsWith("MESSAGE")) {
						messages.incrementAndGet();
					}
				}, (code, reason) -> {
				}));
			}
			for (CompletableFuture<WebSocket> socket : open) {
				try {
					socket.get(30, TimeUnit.SECONDS);
					opened++;
				}
				catch (Exception ex) {
					System.out.println("session failed to open: " + ex);
				}
			}
			Thread.sleep(Math.max(0, Math.min(30_000, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
			for (CompletableFuture<WebSocket> socket : open) {
				WebSocket open1 = socket.getNow(null);
				if (open1 != null) {
					open1.sendClose(WebSocket.NORMAL_CLOSURE, "churn");
				}
			}
			cycles++;
		}
		System.out.printf("session churn: %d sessions opened over %d cycles, %d messages received%n", opened, cycles,
				messages.get());
		System.exit(0);
	}

}
