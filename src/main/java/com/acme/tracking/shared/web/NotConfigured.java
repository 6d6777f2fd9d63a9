package com.acme.tracking.shared.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 503 with a problem body: a feature this deployment does not have configured (it needs a
 * database or a key it was not given); everything else still works.
 */
public class NotConfigured extends ErrorResponseException {

	public NotConfigured(String detail) {
		super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail),
				null);
	}

}
