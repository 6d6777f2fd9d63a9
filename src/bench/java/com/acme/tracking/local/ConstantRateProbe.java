package com.acme.tracking.local;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Latency at a fixed request rate, corrected for coordinated omission (what wrk2 does;
 * wrk2 is not packaged here): {@code ConstantRateProbe <static|tracking> <requests/s>
 * [seconds] [http] [orders]}. Request {@code k} is due at {@code start + k / rate}; its
 * latency runs from that due time, not from when a free worker sent it, so a stall counts
 * against every request it delayed. {@code tracking}: {@code GET
 * /v1/orders/{id}/tracking} with a support JWT, a random order among those
 * {@link HotStateLoad} made; {@code static}: {@code GET /dev/static}, the baseline.
 */
public final class ConstantRateProbe {

	private ConstantRateProbe() {
	}

	public static void main(String[] args) throws Exception {
		String kind = args[0];
		int rate = Integer.parseInt(args[1]);
		int seconds = (args.length > 2) ? Integer.parseInt(args[2]) : 20;
		String http = (args.length > 3) ? args[3] : "http://localhost:8080";
		int orders = (args.length > 4) ? Integer.parseInt(args[4]) : 100_000;
		String token = DevKeys.token("bench-agent", List.of("support"), null, Duration.ofHours(1));
		URI base = URI.create(http);
		long total = (long) rate * seconds;
		AtomicLong next = new AtomicLong();
		AtomicInteger errors = new AtomicInteger();
		Samples samples = new Samples();
		long warmup = Math.min(total / 5, rate * 5L); // the first seconds are not counted
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
		double interval = 1e9 / rate;
		Thread[] workers = new Thread[32];
		for (int w = 0; w < workers.length; w++) {
			workers[w] = new Thread(() -> {
				HttpConnection connection = null;
				for (long k = next.getAndIncrement(); k < total; k = next.getAndIncrement()) {
					long due = start + (long) (k * interval);
					for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
						LockSupport.parkNanos(wait);
					}
					String path = kind.equals("static") ? "/dev/static"
							: "/v1/orders/mem-order-" + ThreadLocalRandom.current().nextInt(orders) + "/tracking";
					try {
						if (connection == null) {
							connection = new HttpConnection(base);
						}
						if (connection.get(path, token) != 200) {
							errors.incrementAndGet();
						}
						if (connection.closing) {
							connection.close();
							connection = null;
						}
					}
					catch (IOException ex) {
						errors.incrementAndGet();
						connection = null;
					}
					if (k >= warmup) {
						samples.add((System.nanoTime() - due) / 1000);
					}
				}
			});
			workers[w].start();
		}
		for (Thread worker : workers) {
			worker.join();
		}
		double took = (System.nanoTime() - start) / 1e9;
		System.out.printf("%s at %d requests/s for %d s (achieved %.0f/s), non-200 %d: %s%n", kind, rate, seconds,
				total / took, errors.get(), samples.summary());
	}

}
