package com.acme.tracking.privacy;

import com.acme.tracking.shared.web.BadRequests;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A bad request to this module's endpoints: a 400 problem naming the field. */
final class Refused extends RuntimeException {

	private final String parameter;

	Refused(String parameter, String message) {
		super(message);
		this.parameter = parameter;
	}

	/** Answers a {@link Refused} of this module's controllers. */
	@RestControllerAdvice(assignableTypes = { ErasureController.class, AuditController.class })
	static class Answer {

		@ExceptionHandler(Refused.class)
		ResponseEntity<ProblemDetail> refused(Refused refused) {
			return ResponseEntity.badRequest()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(BadRequests.parameterProblem(refused.parameter, refused.getMessage()));
		}

	}

}
