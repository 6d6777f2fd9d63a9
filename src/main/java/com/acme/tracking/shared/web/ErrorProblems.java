package com.acme.tracking.shared.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (PITFALLS.md, "Errors that never reach Spring
 * MVC"): Tomcat answers a request line or header over its limits, a query string it
 * cannot decode, or a path nothing serves by forwarding to {@code /error}; this replaces
 * Spring Boot's default error JSON there with a problem body. Its detail is chosen by
 * status, never the exception's message; a query string that cannot be decoded names the
 * parameter whose value is broken.
 */
@RestController
class ErrorProblems implements ErrorController {

	private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

	@RequestMapping("${server.error.path:${error.path:/error}}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatus status = status(request);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(status));
		if (status == HttpStatus.BAD_REQUEST) {
			String broken = UnknownParameters.QueryStrings
				.firstUndecodable((String) request.getAttribute(RequestDispatcher.ERROR_QUERY_STRING));
			if (broken != null) {
				problem = BadRequests.parameterProblem(broken, "cannot be decoded: not valid %-encoded UTF-8");
			}
		}
		return ResponseEntity.status(status).contentType(PROBLEM).body(problem);
	}

	private static HttpStatus status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		return (status != null) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
	}

	static String detail(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST ->
				"The request is malformed or over the server's limits (request line, headers, " + "URL encoding)";
			case REQUEST_HEADER_FIELDS_TOO_LARGE -> "A request header is over the server's limits";
			case URI_TOO_LONG -> "The request URL is over the server's limits";
			case NOT_FOUND -> "No such resource";
			case METHOD_NOT_ALLOWED -> "This method is not allowed here";
			default -> status.is5xxServerError() ? "The request could not be served" : status.getReasonPhrase();
		};
	}

}
