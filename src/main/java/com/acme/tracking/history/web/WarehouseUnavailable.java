package com.acme.tracking.history.web;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.NonTransientDataAccessResourceException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A warehouse that cannot be reached (or answers too slowly) degrades history only: 503
 * with a problem body and a {@code Retry-After} that counts down the breaker's open
 * window ({@link WarehouseBreaker}), while the live endpoints keep answering from the hot
 * state.
 */
@RestControllerAdvice(assignableTypes = HistoryController.class)
class WarehouseUnavailable {

	private final WarehouseBreaker breaker;

	WarehouseUnavailable(WarehouseBreaker breaker) {
		this.breaker = breaker;
	}

	@ExceptionHandler({ CannotGetJdbcConnectionException.class, TransientDataAccessException.class,
			NonTransientDataAccessResourceException.class,
			org.springframework.dao.DataAccessResourceFailureException.class })
	ResponseEntity<ProblemDetail> unavailable(DataAccessException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"History is unavailable: the warehouse cannot be reached. Live tracking still works.");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header("Retry-After", Long.toString(this.breaker.retryAfterSeconds()))
			.body(problem);
	}

}
