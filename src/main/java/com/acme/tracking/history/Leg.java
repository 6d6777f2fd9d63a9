package com.acme.tracking.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.acme.tracking.delivery.DeliveryStatus;

/**
 * A stretch of an order's trail carried by one courier: its positions from {@code from}
 * to {@code to}, both included.
 *
 * @param courierId the courier who had the order
 * @param from since when (its assignment, or the pickup if later)
 * @param to until when (the next courier's assignment, or the end)
 */
public record Leg(String courierId, Instant from, Instant to) {

	/**
	 * Who carried the order when, between the pickup and the end: each courier from its
	 * assignment (or the pickup, if later) to the next courier's assignment (or the end).
	 * A courier named by a pickup or delivery event without an assignment of its own
	 * takes over from that event on. Never a courier's positions from before it had the
	 * order. The one rule of the order history's trail and of the ETA's learning.
	 * @param timeline the order's events, oldest first (a duplicate changes nothing)
	 */
	public static List<Leg> carried(List<HistoricEvent> timeline, Instant pickedUpAt, Instant end) {
		List<Leg> legs = new ArrayList<>();
		String courier = null;
		Instant since = null;
		for (HistoricEvent event : timeline) {
			if (event.occurredAt().isAfter(end)) {
				break;
			}
			boolean names = event.courierId() != null
					&& (event.type() == DeliveryStatus.COURIER_ASSIGNED || event.type().inTransit());
			if (names && !event.courierId().equals(courier)) {
				if (courier != null) {
					legs.add(new Leg(courier, since, event.occurredAt()));
				}
				courier = event.courierId();
				since = event.occurredAt();
			}
		}
		if (courier != null) {
			legs.add(new Leg(courier, since, end));
		}
		return legs.stream()
			.filter((leg) -> !leg.to().isBefore(pickedUpAt))
			.map((leg) -> leg.from().isBefore(pickedUpAt) ? new Leg(leg.courierId(), pickedUpAt, leg.to()) : leg)
			.toList();
	}

}
