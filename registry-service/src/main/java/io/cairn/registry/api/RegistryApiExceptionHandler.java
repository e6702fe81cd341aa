package io.cairn.registry.api;

import io.cairn.registry.domain.InvalidInputException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Registry rule violations as Problem Details: 400 with the offending field, 404 for an
 * unknown instance.
 */
@RestControllerAdvice(basePackageClasses = RegistryApiExceptionHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RegistryApiExceptionHandler {

	@ExceptionHandler(InvalidInputException.class)
	ProblemDetail invalidInput(InvalidInputException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid input");
		problem.setProperty("field", ex.field());
		return problem;
	}

	@ExceptionHandler(InstanceNotFoundException.class)
	ProblemDetail notFound(InstanceNotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("No such instance");
		return problem;
	}

}
