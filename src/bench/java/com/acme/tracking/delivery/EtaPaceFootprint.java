package com.acme.tracking.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import com.acme.tracking.courier.CourierPositions;
import com.acme.tracking.courier.Position;
import com.acme.tracking.shared.GeoPoint;
import org.openjdk.jol.info.GraphLayout;

/**
 * Heap the ETA's per-order pace costs, with JOL, for orders in transit that each had two
 * fixes of their courier through the real {@code apply} paths:
 * {@code bench/tool delivery.EtaPaceFootprint [orders]} (default 300,000). The order id
 * strings are the orders' own (shared with the hot state) and are not counted.
 */
public final class EtaPaceFootprint {

	private EtaPaceFootprint() {
	}

	public static void main(String[] args) throws Exception {
		int orders = (args.length > 0) ? Integer.parseInt(args[0]) : 300_000;
		CourierPositions couriers = new CourierPositions();
		TrackingSettings settings = new TrackingSettings(500, 50, 1.3, Duration.ofHours(2), Duration.ofHours(24),
				Duration.ofMinutes(1));
		DeliveryStates deliveries = new DeliveryStates(couriers, settings, Clock.systemUTC());
		Instant t0 = Instant.now().minusSeconds(600);
		Eta eta = new Eta(couriers, new EtaModels(EtaModel.fallback(1.3, 5, t0)), Clock.systemUTC());
		couriers.observe(deliveries::moved);
		deliveries.observe(eta);
		for (int i = 0; i < orders; i++) {
			String orderId = "order-" + (10_000_000 + i);
			String courierId = "courier-" + (100_000 + i);
			GeoPoint destination = new GeoPoint(-23.5 + i * 1e-6, -46.6);
			deliveries.apply(new DeliveryEventReceived("e" + i, orderId, DeliveryStatus.PICKED_UP, t0, "c", "p",
					destination, courierId, null));
			for (int fix = 1; fix <= 2; fix++) {
				couriers.apply(new Position(courierId, new GeoPoint(destination.lat() - 0.02 + fix * 0.001, -46.6), 5f,
						null, null, t0.plusSeconds(15 * fix)));
			}
		}
		java.lang.reflect.Field field = Eta.class.getDeclaredField("paces");
		field.setAccessible(true);
		ConcurrentHashMap<?, ?> paces = (ConcurrentHashMap<?, ?>) field.get(eta);
		long total = GraphLayout.parseInstance(paces).totalSize();
		long keys = GraphLayout.parseInstance(paces.keySet().toArray()).totalSize();
		long array = GraphLayout.parseInstance((Object) new Object[paces.size()]).totalSize();
		long perOrder = (total - (keys - array)) / paces.size();
		System.out.printf("paces: %,d orders, %,d B without the shared id strings (%d B each)%n", paces.size(),
				total - (keys - array), perOrder);
	}

}
