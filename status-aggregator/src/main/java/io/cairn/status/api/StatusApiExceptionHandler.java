package io.cairn.status.api;

import io.cairn.status.service.CheckConflictException;
import io.cairn.status.service.InvalidCheckException;
import io.cairn.status.store.TooManyChecksException;
import io.cairn.status.store.NoSuchCheckException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The API's rule violations as Problem Details: 400 naming the field, 404 for an unknown
 * check, 409 for a check the API may not change, 429 when the number of checks is at its
 * cap. Megaphone answered all of these with an HTML 500 and a traceback.
 */
@RestControllerAdvice(basePackageClasses = StatusApiExceptionHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class StatusApiExceptionHandler {

	@ExceptionHandler(InvalidCheckException.class)
	ProblemDetail invalid(InvalidCheckException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid check");
		problem.setProperty("field", ex.field());
		return problem;
	}

	@ExceptionHandler(NoSuchCheckException.class)
	ProblemDetail notFound(NoSuchCheckException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("No such check");
		problem.setProperty("id", ex.checkId());
		return problem;
	}

	@ExceptionHandler(NoSuchGroupException.class)
	ProblemDetail noGroup(NoSuchGroupException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("No such group");
		problem.setProperty("group", ex.group());
		return problem;
	}

	@ExceptionHandler(PageDisabledException.class)
	ProblemDetail disabled(PageDisabledException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Not found");
		return problem;
	}

	@ExceptionHandler(TooManyChecksException.class)
	ProblemDetail tooMany(TooManyChecksException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage());
		problem.setTitle("Too many checks");
		problem.setProperty("limit", ex.limit());
		problem.setProperty("property", "cairn.status.limits.max-checks");
		return problem;
	}

	@ExceptionHandler(CheckConflictException.class)
	ProblemDetail conflict(CheckConflictException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Check not changeable here");
		return problem;
	}

}
