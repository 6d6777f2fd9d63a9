/**
 * The history endpoints: an order's history, a courier's positions, order search, the
 * accuracy of the ETAs of delivered orders.
 */
@NullMarked
package com.acme.tracking.history.web;

import org.jspecify.annotations.NullMarked;
