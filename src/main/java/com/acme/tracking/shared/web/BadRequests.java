package com.acme.tracking.shared.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Requests that are malformed before any controller logic runs still get a problem body:
 * a parameter of the wrong type ({@code limit=ten}) names the parameter, and a URL the
 * security firewall refuses (encoded slashes, {@code ..}, control characters) gets a 400
 * problem instead of an empty page. Never a stack trace.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class BadRequests implements RequestRejectedHandler {

	private static final String REJECTED = "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
			+ "\"detail\":\"The request URL is not allowed\"}";

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		return parameterProblem(ex.getName(), "has the wrong type");
	}

	/**
	 * A 400 problem naming a bad parameter: "Parameter 'name' why", and the name in its
	 * {@code parameter} property.
	 */
	public static ProblemDetail parameterProblem(String parameter, String why) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"Parameter '" + parameter + "' " + why);
		problem.setProperty("parameter", parameter);
		return problem;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		response.setContentType("application/problem+json");
		response.getWriter().write(REJECTED);
	}

}
