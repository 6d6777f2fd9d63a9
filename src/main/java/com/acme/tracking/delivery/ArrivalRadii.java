package com.acme.tracking.delivery;

/**
 * How close to the destination a courier is when an order is arriving or arrived.
 *
 * @param arrivingMeters the arriving radius (default 500 m)
 * @param arrivedMeters the arrived radius (default 50 m)
 */
public record ArrivalRadii(double arrivingMeters, double arrivedMeters) {
}
