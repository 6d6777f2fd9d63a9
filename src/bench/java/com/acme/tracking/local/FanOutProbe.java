package com.acme.tracking.local;

import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Fan-out latency (B3) and slow clients (B5), from another process:
 * {@code FanOutProbe <stomp|baseline> [sessions] [seconds] [stalled] [http] [bootstrap]}.
 * <p>
 * {@code stomp}: {@code sessions} customers connect to {@code /ws} with their JWT and
 * subscribe to their own order, whose courier then sends one position a second to Kafka
 * (paced evenly); a sample is the client's receipt time minus the position's
 * {@code recordedAt} (set just before the send: the record's timestamp, same clock).
 * {@code stalled} more sessions (support agents, each subscribed to 5 of those orders)
 * stop reading after their CONNECT: a raw socket with a 4 KB receive buffer that is never
 * read. {@code baseline}: the same number of plain WebSocket sessions at
 * {@code /dev/ws-baseline}, sent the same bytes by a loop in the service.
 * <p>
 * Prints the latency percentiles, positions sent and received, the service's heap per
 * idle session (after a full collection, before the load) and, with stalled sessions, how
 * many the service closed and its heap at the end.
 */
public final class FanOutProbe {

	private FanOutProbe() {
	}

	public static void main(String[] args) throws Exception {
		String mode = (args.length > 0) ? args[0] : "stomp";
		int sessions = (args.length > 1) ? Integer.parseInt(args[1]) : 1000;
		int seconds = (args.length > 2) ? Integer.parseInt(args[2]) : 30;
		int stalled = (args.length > 3) ? Integer.parseInt(args[3]) : 0;
		String http = (args.length > 4) ? args[4] : "http://localhost:8080";
		String bootstrap = (args.length > 5) ? args[5] : "localhost:9092";
		boolean stomp = mode.equals("stomp");
		BenchFleet fleet = new BenchFleet(http, bootstrap);
		if (stomp) {
			fleet.createOrders(sessions);
		}
		Samples latency = new Samples();
		Samples[] windows = new Samples[seconds / 10 + 2]; // per 10 s of the load
		for (int w = 0; w < windows.length; w++) {
			windows[w] = new Samples();
		}
		long[] loadStart = { Long.MAX_VALUE };
		AtomicInteger received = new AtomicInteger();
		AtomicInteger measuring = new AtomicInteger();
		CountDownLatch ready = new CountDownLatch(sessions);
		long heapBefore = fleet.serviceHeapAfterGc();
		URI ws = URI.create(http.replace("http", "ws") + (stomp ? "/ws" : "/dev/ws-baseline"));
		List<CompletableFuture<WebSocket>> sockets = new ArrayList<>();
		Semaphore connecting = new Semaphore(64);
		long connectStart = System.nanoTime();
		for (int i = 0; i < sessions; i++) {
			connecting.acquire();
			boolean[] first = { true };
			CompletableFuture<WebSocket> socket = BenchFleet.stomp(fleet.client, ws,
					stomp ? fleet.customerToken(i) : null, List.of("/topic/orders." + fleet.order(i)), (frame) -> {
						if (first[0] && (!stomp || frame.startsWith("MESSAGE"))) {
							// the snapshot (stomp) or the first loop message
							first[0] = false;
							ready.countDown();
							return;
						}
						Instant recordedAt = BenchFleet.recordedAt(frame);
						if (recordedAt != null && measuring.get() == 1) {
							received.incrementAndGet();
							long now = System.currentTimeMillis();
							long micros = Math.max(0, (now - recordedAt.toEpochMilli()) * 1000);
							latency.add(micros);
							windows[(int) Math.min(windows.length - 1, Math.max(0, (now - loadStart[0]) / 10_000))]
								.add(micros);
						}
					});
			socket.whenComplete((s, ex) -> connecting.release());
			sockets.add(socket);
		}
		for (CompletableFuture<WebSocket> socket : sockets) {
			socket.get(60, TimeUnit.SECONDS);
		}
		if (!ready.await(60, TimeUnit.SECONDS)) {
			System.out.printf("only %d of %d sessions got their first message%n", sessions - ready.getCount(),
					sessions);
		}
		double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
		long heapIdle = fleet.serviceHeapAfterGc();
		LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(Long.getLong("probe.idleSeconds", 0))); // time
																								// for
																								// a
																								// heap
																								// dump
		List<Socket> stalls = new ArrayList<>();
		double slowClosedBefore = fleet.metric("tracking_push_slow_closed_total");
		for (int j = 0; j < stalled; j++) {
			List<String> orders = new ArrayList<>();
			for (int k = 0; k < 5; k++) {
				orders.add(fleet.order(ThreadLocalRandom.current().nextInt(sessions)));
			}
			stalls.add(RawWebSocket.stalled(ws, fleet.supportToken,
					orders.stream().map((o) -> "/topic/orders." + o).toList()));
		}
		loadStart[0] = System.currentTimeMillis();
		measuring.set(1);
		int sent;
		if (stomp) {
			sent = fleet.paceFleet(sessions, seconds);
		}
		else {
			LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
			sent = sessions * seconds;
		}
		long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
		while (stomp && received.get() < sent && System.nanoTime() < drainUntil) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
		measuring.set(0);
		System.out.printf("%s: %d sessions (connected in %.1f s), %d positions sent, %d received: %s%n", mode, sessions,
				connectSeconds, sent, received.get(), latency.summary());
		System.out.printf(
				"%s: service heap after GC %d MB before the sessions, %d MB with them idle: %.1f KB per "
						+ "idle session%n",
				mode, heapBefore >> 20, heapIdle >> 20, (heapIdle - heapBefore) / 1024.0 / sessions);
		StringBuilder perWindow = new StringBuilder();
		for (int w = 0; w < windows.length && windows[w].count() > 0; w++) {
			perWindow.append(String.format(" %d-%d s: %.0f", w * 10, w * 10 + 10, windows[w].millis(0.99)));
		}
		System.out.printf("%s: p99 (ms) per 10 s of the load:%s%n", mode, perWindow);
		if (stalled > 0) {
			long heapEnd = fleet.serviceHeapAfterGc();
			System.out.printf(
					"stalled: %d sessions stopped reading; the service closed %.0f as slow; heap after GC "
							+ "at the end %d MB%n",
					stalled, fleet.metric("tracking_push_slow_closed_total") - slowClosedBefore, heapEnd >> 20);
		}
		for (CompletableFuture<WebSocket> socket : sockets) {
			socket.getNow(null).sendClose(WebSocket.NORMAL_CLOSURE, "done");
		}
		for (Socket socket : stalls) {
			socket.close();
		}
		fleet.producer.close();
		System.exit(0);
	}

}
