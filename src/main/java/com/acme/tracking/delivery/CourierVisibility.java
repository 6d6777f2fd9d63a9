package com.acme.tracking.delivery;

import java.time.Instant;

import com.acme.tracking.courier.Position;
import org.jspecify.annotations.Nullable;

/**
 * Who may see the courier of an order, and when: the one place of this privacy rule
 * (DESIGN.md, <em>Who may see what</em>). REST tracking, STOMP and SSE pushes and the
 * history timeline all ask it.
 * <ul>
 * <li>A customer (the owner, or a share link) sees the courier only from the pickup on:
 * never a fix from before the pickup, even while no newer one came; and never the
 * courier's id.</li>
 * <li>A partner and support see the courier from its assignment on, with its id.</li>
 * <li>Nobody sees the courier through an order once the order has ended (delivered or
 * cancelled), nor the fixes of a courier the order is not assigned to.</li>
 * <li>In an order's history, where the courier was at an event shows to partners and
 * support at every event, to customers only from the pickup on.</li>
 * </ul>
 */
public final class CourierVisibility {

	private CourierVisibility() {
	}

	/** Whether {@code audience} sees {@code position} as the courier of the order now. */
	public static boolean showsPosition(Delivery delivery, Audience audience, Position position) {
		if (delivery.ended() || !position.courierId().equals(delivery.courierId())) {
			return false;
		}
		if (seesFromAssignment(audience)) {
			return delivery.status() == DeliveryStatus.COURIER_ASSIGNED || delivery.status().inTransit();
		}
		return delivery.carries(position);
	}

	/** Whether {@code audience} sees the courier's id. */
	public static boolean showsCourierId(Audience audience) {
		return audience != Audience.CUSTOMER;
	}

	/**
	 * Whether {@code audience} sees where the courier was at a past event of the order.
	 * @param occurredAt the event's time
	 * @param pickedUpAt the order's first pickup, null before one
	 */
	public static boolean showsLocationAt(Audience audience, Instant occurredAt, @Nullable Instant pickedUpAt) {
		return seesFromAssignment(audience) || (pickedUpAt != null && !occurredAt.isBefore(pickedUpAt));
	}

	private static boolean seesFromAssignment(Audience audience) {
		return audience != Audience.CUSTOMER;
	}

}
