package com.acme.tracking.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.Position;
import com.acme.tracking.shared.GeoPoint;
import org.openjdk.jol.info.GraphLayout;

/**
 * B7: heap bytes per active order and per courier in the hot state, measured with JOL
 * over the real {@link DeliveryStates} and {@link CourierPositions} filled through their
 * real {@code apply} paths, next to the raw bytes of the fields they hold (the baseline):
 * {@code bench/tool delivery.MemoryFootprint [orders] [couriers]}.
 */
public final class MemoryFootprint {

	private MemoryFootprint() {
	}

	public static void main(String[] args) {
		int orders = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		int couriers = (args.length > 1) ? Integer.parseInt(args[1]) : 50_000;
		CourierPositions positions = new CourierPositions();
		TrackingSettings settings = new TrackingSettings(500, 50, 1.3, Duration.ofHours(2), Duration.ofHours(24),
				Duration.ofMinutes(1));
		DeliveryStates deliveries = new DeliveryStates(positions, settings, Clock.systemUTC());
		positions.observe(deliveries::moved);
		Instant t0 = Instant.now().minusSeconds(600);
		long rawOrders = 0;
		for (int i = 0; i < orders; i++) {
			String orderId = "order-" + (10_000_000 + i);
			String customerId = "customer-" + (1_000_000 + i % 200_000);
			String partnerId = "partner-" + (1000 + i % 500);
			String courierId = "courier-" + (100_000 + i % couriers);
			GeoPoint destination = new GeoPoint(-23.5 + i * 1e-6, -46.6);
			String[] eventIds = { UUID.randomUUID().toString(), UUID.randomUUID().toString(),
					UUID.randomUUID().toString() };
			deliveries.apply(new DeliveryEventReceived(eventIds[0], orderId, DeliveryStatus.CREATED, t0, customerId,
					partnerId, destination, null, null));
			deliveries.apply(new DeliveryEventReceived(eventIds[1], orderId, DeliveryStatus.COURIER_ASSIGNED,
					t0.plusSeconds(60), null, null, null, courierId, null));
			deliveries.apply(new DeliveryEventReceived(eventIds[2], orderId, DeliveryStatus.PICKED_UP,
					t0.plusSeconds(300), null, null, null, courierId, null));
			// The raw fields: the ids' characters, status (1), destination (16), four
			// times and
			// the version (8 each).
			rawOrders += orderId.length() + customerId.length() + partnerId.length() + courierId.length()
					+ 3L * eventIds[0].length() + 1 + 16 + 5 * 8;
		}
		long rawCouriers = 0;
		for (int i = 0; i < couriers; i++) {
			String courierId = "courier-" + (100_000 + i);
			positions.apply(
					new Position(courierId, new GeoPoint(-23.5 + i * 1e-6, -46.6), 5f, 8f, 90f, t0.plusSeconds(400)));
			// id characters, lat and lon (16), three floats (12), recordedAt (8),
			// smoothed speed (8)
			rawCouriers += courierId.length() + 16 + 12 + 8 + 8;
		}
		// The hot state's own maps (not the Spring plumbing the holders reference).
		long orderHeap = GraphLayout.parseInstance(field(deliveries, "orders"), field(deliveries, "ordersByCourier"))
			.totalSize();
		long courierHeap = GraphLayout.parseInstance(field(positions, "couriers")).totalSize();
		report("order", orders, orderHeap, rawOrders);
		report("courier", couriers, courierHeap, rawCouriers);
		Runtime runtime = Runtime.getRuntime();
		System.gc();
		System.out.printf("heap used with both: %.1f MB (of max %.0f MB)%n",
				(runtime.totalMemory() - runtime.freeMemory()) / 1e6, runtime.maxMemory() / 1e6);
	}

	private static Object field(Object holder, String name) {
		try {
			java.lang.reflect.Field field = holder.getClass().getDeclaredField(name);
			field.setAccessible(true);
			return field.get(holder);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void report(String what, int count, long heap, long raw) {
		System.out.printf("%-8s n=%,d  heap %,d B (%.0f B each)  raw fields %,d B (%.0f B each)  ratio %.2f%n", what,
				count, heap, (double) heap / count, raw, (double) raw / count, (double) heap / raw);
	}

}
