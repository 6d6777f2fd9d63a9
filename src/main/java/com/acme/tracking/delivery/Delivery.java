package com.acme.tracking.delivery;

import java.time.Instant;
import java.util.Objects;

import com.acme.tracking.courier.Position;
import com.acme.tracking.shared.GeoPoint;
import org.jspecify.annotations.Nullable;

/**
 * The live state of one order. Immutable: {@link #apply} and {@link #approach} return the
 * next state, or this same instance when nothing changes (a duplicate, a late event whose
 * status is behind, a position that proves nothing new). Events arrive late, duplicated
 * and out of order; state only moves forward.
 *
 * @param orderId the order
 * @param status its status
 * @param statusAt when it reached that status (the event's time)
 * @param customerId the owner, once an event has named it ({@code CREATED})
 * @param partnerId the partner, once an event has named it ({@code CREATED})
 * @param destination where it goes, once an event has named it ({@code CREATED})
 * @param courierId the courier assigned last (by event time)
 * @param courierAssignedAt event time of that assignment
 * @param pickedUpAt when the courier took it: its positions are the order's from then on
 * @param arrivingAt time of the first position inside the arriving radius
 * @param arrivedAt time of the first position inside the arrived radius
 * @param eventIds 64-bit hashes of the ids of the events applied (the last
 * {@value #REMEMBERED_EVENTS}): duplicates are found among one order's few events, where
 * a collision is out of reach, at a fraction of the memory of the id strings
 * @param version grows with every visible change (the tracking {@code ETag})
 * @param updatedAt when this replica last changed the visible state
 */
public record Delivery(String orderId, DeliveryStatus status, Instant statusAt, @Nullable String customerId,
		@Nullable String partnerId, @Nullable GeoPoint destination, @Nullable String courierId,
		@Nullable Instant courierAssignedAt, @Nullable Instant pickedUpAt, @Nullable Instant arrivingAt,
		@Nullable Instant arrivedAt, long[] eventIds, long version, Instant updatedAt) {

	/** An order has a handful of events; this bounds memory if a producer misbehaves. */
	static final int REMEMBERED_EVENTS = 32;

	/**
	 * The state an order's first event creates, whatever its type (events come out of
	 * order).
	 */
	public static Delivery start(DeliveryEventReceived event, Instant now) {
		Delivery empty = new Delivery(event.orderId(), event.type(), event.occurredAt(), null, null, null, null, null,
				null, null, null, new long[0], 0, now);
		return empty.apply(event, now).changed(1, now);
	}

	/** The state after {@code event}; {@code this} when it changes nothing. */
	public Delivery apply(DeliveryEventReceived event, Instant now) {
		long eventHash = hash(event.eventId());
		for (long seen : this.eventIds) {
			if (seen == eventHash) {
				return this;
			}
		}
		boolean forward = this.status.canMoveTo(event.type());
		DeliveryStatus nextStatus = forward ? event.type() : this.status;
		Instant nextStatusAt = forward ? event.occurredAt() : this.statusAt;
		String nextCourier = this.courierId;
		Instant nextAssignedAt = this.courierAssignedAt;
		if (event.courierId() != null) {
			boolean assignment = event.type() == DeliveryStatus.COURIER_ASSIGNED;
			if (assignment
					&& (this.courierAssignedAt == null || !event.occurredAt().isBefore(this.courierAssignedAt))) {
				nextCourier = event.courierId();
				nextAssignedAt = event.occurredAt();
			}
			else if (this.courierId == null) {
				nextCourier = event.courierId();
			}
		}
		Instant nextPickedUpAt = this.pickedUpAt;
		if (event.type().inTransit() && (this.pickedUpAt == null || event.occurredAt().isBefore(this.pickedUpAt))) {
			nextPickedUpAt = event.occurredAt();
		}
		Delivery next = new Delivery(this.orderId, nextStatus, nextStatusAt,
				orElse(this.customerId, event.customerId()), orElse(this.partnerId, intern(event.partnerId())),
				orElse(this.destination, event.destination()), nextCourier, nextAssignedAt, nextPickedUpAt,
				this.arrivingAt, this.arrivedAt, remember(eventHash), this.version, this.updatedAt);
		return next.sameVisibleStateAs(this) ? next : next.changed(this.version + 1, now);
	}

	/**
	 * The state after a fix of this order's courier: the first fix inside a radius (whose
	 * accuracy, when given, is within that radius) marks the order arriving or arrived.
	 * Once marked it stays so: GPS jitter back across the line neither undoes nor repeats
	 * it.
	 */
	public Delivery approach(Position position, ArrivalRadii radii, Instant now) {
		if (!carries(position) || this.destination == null || this.arrivedAt != null) {
			return this;
		}
		double distance = position.point().distanceTo(this.destination);
		Float accuracy = position.accuracyMeters();
		boolean arrived = distance <= radii.arrivedMeters() && (accuracy == null || accuracy <= radii.arrivedMeters());
		boolean arriving = arrived
				|| (distance <= radii.arrivingMeters() && (accuracy == null || accuracy <= radii.arrivingMeters()));
		if (!arriving || (!arrived && this.arrivingAt != null)) {
			return this;
		}
		Instant at = position.recordedAt();
		return new Delivery(this.orderId, this.status, this.statusAt, this.customerId, this.partnerId, this.destination,
				this.courierId, this.courierAssignedAt, this.pickedUpAt, orElse(this.arrivingAt, at),
				arrived ? at : null, this.eventIds, this.version + 1, now);
	}

	/**
	 * Whether {@code position} is a position of this order: its courier's, while it
	 * carries it.
	 */
	public boolean carries(Position position) {
		return this.status.inTransit() && position.courierId().equals(this.courierId) && this.pickedUpAt != null
				&& !position.recordedAt().isBefore(this.pickedUpAt);
	}

	/** Whether the order has ended (delivered or cancelled). */
	public boolean ended() {
		return this.status.ended();
	}

	/** When the order ended, or null while it goes on. */
	public @Nullable Instant endedAt() {
		return ended() ? this.statusAt : null;
	}

	private boolean sameVisibleStateAs(Delivery other) {
		return this.status == other.status && this.statusAt.equals(other.statusAt)
				&& Objects.equals(this.customerId, other.customerId) && Objects.equals(this.partnerId, other.partnerId)
				&& Objects.equals(this.destination, other.destination)
				&& Objects.equals(this.courierId, other.courierId) && Objects.equals(this.pickedUpAt, other.pickedUpAt);
	}

	private long[] remember(long eventHash) {
		int keep = Math.min(this.eventIds.length, REMEMBERED_EVENTS - 1);
		long[] ids = new long[keep + 1];
		System.arraycopy(this.eventIds, this.eventIds.length - keep, ids, 0, keep);
		ids[keep] = eventHash;
		return ids;
	}

	/**
	 * FNV-1a over the id's characters, then SplitMix64's finalizer to spread the bits.
	 */
	static long hash(String id) {
		long h = 0xcbf29ce484222325L;
		for (int i = 0; i < id.length(); i++) {
			h = (h ^ id.charAt(i)) * 0x100000001b3L;
		}
		h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
		h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
		return h ^ (h >>> 31);
	}

	/**
	 * This order with its customer named otherwise (by its pseudonym, once erased); not a
	 * change anyone sees (the version stays).
	 */
	Delivery withCustomer(String customerId) {
		return new Delivery(this.orderId, this.status, this.statusAt, customerId, this.partnerId, this.destination,
				this.courierId, this.courierAssignedAt, this.pickedUpAt, this.arrivingAt, this.arrivedAt, this.eventIds,
				this.version, this.updatedAt);
	}

	private Delivery changed(long version, Instant now) {
		return new Delivery(this.orderId, this.status, this.statusAt, this.customerId, this.partnerId, this.destination,
				this.courierId, this.courierAssignedAt, this.pickedUpAt, this.arrivingAt, this.arrivedAt, this.eventIds,
				version, now);
	}

	/** Partners are few: one string per partner instead of one per order. */
	private static @Nullable String intern(@Nullable String partnerId) {
		return (partnerId != null) ? partnerId.intern() : null;
	}

	private static <T> @Nullable T orElse(@Nullable T first, @Nullable T second) {
		return (first != null) ? first : second;
	}

}
