/**
 * The tracking endpoints: {@code /v1/orders/{orderId}/tracking}, {@code /location},
 * {@code /share-links} and {@code /v1/track/{token}}.
 */
@NullMarked
package com.acme.tracking.delivery.web;

import org.jspecify.annotations.NullMarked;
