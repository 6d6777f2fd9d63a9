package com.acme.tracking.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;

/**
 * The live state of one order. Immutable: {@link #apply} returns the next state, or this
 * same instance when the event changes nothing (a duplicate, or a late event whose status
 * is behind). Events arrive late, duplicated and out of order; state only moves forward.
 *
 * @param orderId the order
 * @param status its status
 * @param statusAt when it reached that status (the event's time)
 * @param customerId the owner, once the {@code CREATED} event has been seen
 * @param partnerId the partner, once the {@code CREATED} event has been seen
 * @param destination where it goes, once the {@code CREATED} event has been seen
 * @param courierId the courier assigned last (by event time)
 * @param courierAssignedAt event time of that assignment
 * @param pickedUpAt when the courier took it (start of the trail)
 * @param eventIds ids of the events applied (the last {@value #REMEMBERED_EVENTS})
 * @param version grows with every visible change; the tracking {@code ETag}
 * @param updatedAt when this replica last changed the visible state
 */
public record Delivery(String orderId, DeliveryStatus status, Instant statusAt, @Nullable String customerId,
		@Nullable String partnerId, @Nullable GeoPoint destination, @Nullable String courierId,
		@Nullable Instant courierAssignedAt, @Nullable Instant pickedUpAt, List<String> eventIds, long version,
		Instant updatedAt) {

	/** An order has a handful of events; this bounds memory if a producer misbehaves. */
	static final int REMEMBERED_EVENTS = 32;

	/**
	 * The state an order's first event creates (whatever its type: events come out of
	 * order).
	 */
	public static Delivery start(DeliveryEventReceived event, Instant now) {
		Delivery empty = new Delivery(event.orderId(), DeliveryStatus.CREATED, event.occurredAt(), null, null, null,
				null, null, null, List.of(), 0, now);
		return empty.apply(event, now).withVersion(1);
	}

	/** The state after {@code event}; {@code this} when it changes nothing. */
	public Delivery apply(DeliveryEventReceived event, Instant now) {
		if (this.eventIds.contains(event.eventId())) {
			return this;
		}
		DeliveryStatus nextStatus = this.status;
		Instant nextStatusAt = this.statusAt;
		if (this.status.canMoveTo(event.type()) || (this.version == 0)) {
			nextStatus = event.type();
			nextStatusAt = event.occurredAt();
		}
		String nextCourier = this.courierId;
		Instant nextAssignedAt = this.courierAssignedAt;
		if (event.courierId() != null) {
			boolean assignment = event.type() == DeliveryStatus.COURIER_ASSIGNED;
			boolean newer = this.courierAssignedAt == null || !event.occurredAt().isBefore(this.courierAssignedAt);
			if ((assignment && newer) || this.courierId == null) {
				nextCourier = event.courierId();
				nextAssignedAt = assignment ? event.occurredAt() : this.courierAssignedAt;
			}
		}
		Instant nextPickedUpAt = this.pickedUpAt;
		if (event.type().inTransit() && (this.pickedUpAt == null || event.occurredAt().isBefore(this.pickedUpAt))) {
			nextPickedUpAt = event.occurredAt();
		}
		Delivery next = new Delivery(this.orderId, nextStatus, nextStatusAt,
				firstNonNull(this.customerId, event.customerId()), firstNonNull(this.partnerId, event.partnerId()),
				firstNonNull(this.destination, event.destination()), nextCourier, nextAssignedAt, nextPickedUpAt,
				remember(event.eventId()), this.version, this.updatedAt);
		return next.sameVisibleStateAs(this) ? next : next.withVersion(this.version + 1).withUpdatedAt(now);
	}

	/** Whether the order has ended (delivered or cancelled). */
	public boolean ended() {
		return this.status.ended();
	}

	private boolean sameVisibleStateAs(Delivery other) {
		return this.status == other.status && this.statusAt.equals(other.statusAt)
				&& Objects.equals(this.customerId, other.customerId) && Objects.equals(this.partnerId, other.partnerId)
				&& Objects.equals(this.destination, other.destination)
				&& Objects.equals(this.courierId, other.courierId) && Objects.equals(this.pickedUpAt, other.pickedUpAt);
	}

	private List<String> remember(String eventId) {
		List<String> ids = new ArrayList<>(Math.min(this.eventIds.size() + 1, REMEMBERED_EVENTS));
		int from = Math.max(0, this.eventIds.size() + 1 - REMEMBERED_EVENTS);
		ids.addAll(this.eventIds.subList(from, this.eventIds.size()));
		ids.add(eventId);
		return List.copyOf(ids);
	}

	private Delivery withVersion(long version) {
		return new Delivery(this.orderId, this.status, this.statusAt, this.customerId, this.partnerId, this.destination,
				this.courierId, this.courierAssignedAt, this.pickedUpAt, this.eventIds, version, this.updatedAt);
	}

	private Delivery withUpdatedAt(Instant updatedAt) {
		return new Delivery(this.orderId, this.status, this.statusAt, this.customerId, this.partnerId, this.destination,
				this.courierId, this.courierAssignedAt, this.pickedUpAt, this.eventIds, this.version, updatedAt);
	}

	private static <T> @Nullable T firstNonNull(@Nullable T first, @Nullable T second) {
		return (first != null) ? first : second;
	}

}
