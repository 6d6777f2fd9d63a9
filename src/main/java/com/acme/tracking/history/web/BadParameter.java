package com.acme.tracking.history.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 400 with a problem body naming the bad parameter (also in the {@code parameter}
 * property).
 */
final class BadParameter extends ErrorResponseException {

	private BadParameter(ProblemDetail problem) {
		super(HttpStatus.BAD_REQUEST, problem, null);
	}

	static BadParameter of(String parameter, String why) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"Parameter '" + parameter + "' " + why);
		problem.setProperty("parameter", parameter);
		return new BadParameter(problem);
	}

}
