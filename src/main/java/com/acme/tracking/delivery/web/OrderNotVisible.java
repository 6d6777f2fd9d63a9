package com.acme.tracking.delivery.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An order that does not exist or that the caller may not see: the same 404 either way,
 * so that nobody learns an order they may not see exists.
 */
class OrderNotVisible extends ErrorResponseException {

	OrderNotVisible(String orderId) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No order " + orderId),
				null);
	}

}
