package com.acme.tracking.shared.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 404 with a problem body. Also the answer for what the caller may not see: the same
 * status and the same wording, so that nobody learns that it exists.
 */
public class NotFound extends ErrorResponseException {

	public NotFound(String detail) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail), null);
	}

	/** An order that does not exist or that the caller may not see. */
	public static NotFound order(String orderId) {
		return new NotFound("No order " + orderId);
	}

}
