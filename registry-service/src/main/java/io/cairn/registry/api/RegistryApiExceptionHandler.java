package io.cairn.registry.api;

import java.time.Duration;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;

import io.cairn.registry.config.RegistryProperties;
import io.cairn.registry.domain.EndpointTakenException;
import io.cairn.registry.domain.InvalidInputException;
import io.cairn.registry.domain.RegistryBusyException;
import io.cairn.registry.domain.RegistryFullException;
import io.cairn.registry.security.WriteForbiddenException;
import io.cairn.registry.watch.TooManyWatchesException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Registry rule violations as Problem Details: 400 with the offending field, 403 for a
 * service outside the token's scope, 404 for an unknown instance, 409 for an endpoint
 * alive under a service the token does not cover, 429 with {@code Retry-After} beyond the
 * instance quota or the watch bounds.
 */
@RestControllerAdvice(basePackageClasses = RegistryApiExceptionHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RegistryApiExceptionHandler {

	private final RegistryProperties properties;

	RegistryApiExceptionHandler(RegistryProperties properties) {
		this.properties = properties;
	}

	@ExceptionHandler(InvalidInputException.class)
	ProblemDetail invalidInput(InvalidInputException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid input");
		problem.setProperty("field", ex.field());
		return problem;
	}

	@ExceptionHandler(WriteForbiddenException.class)
	ProblemDetail forbidden(WriteForbiddenException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
		problem.setTitle("Forbidden");
		return problem;
	}

	@ExceptionHandler(EndpointTakenException.class)
	ProblemDetail endpointTaken(EndpointTakenException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Endpoint registered under another service");
		return problem;
	}

	@ExceptionHandler(RegistryFullException.class)
	ResponseEntity<ProblemDetail> registryFull(RegistryFullException ex) {
		return retryLater(HttpStatus.TOO_MANY_REQUESTS, "Registry full", ex.getMessage(), this.properties.ttl());
	}

	@ExceptionHandler(RegistryBusyException.class)
	ResponseEntity<ProblemDetail> registryBusy(RegistryBusyException ex) {
		return retryLater(HttpStatus.SERVICE_UNAVAILABLE, "Registry busy", ex.getMessage(), ex.retryAfter());
	}

	@ExceptionHandler(TooManyWatchesException.class)
	ResponseEntity<ProblemDetail> tooManyWatches(TooManyWatchesException ex) {
		return retryLater(HttpStatus.TOO_MANY_REQUESTS, "Too many watches", ex.getMessage(), ex.retryAfter());
	}

	/**
	 * A refusal the client may try again: Problem Details with {@code Retry-After} in
	 * whole seconds.
	 */
	private static ResponseEntity<ProblemDetail> retryLater(HttpStatus status, String title, @Nullable String detail,
			Duration after) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return ResponseEntity.status(status).header(HttpHeaders.RETRY_AFTER, seconds(after)).body(problem);
	}

	private static String seconds(Duration duration) {
		return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
	}

	/**
	 * Tomcat parses query parameters lazily, so a parameter that is not valid UTF-8
	 * percent-encoding surfaces as an exception when the controller asks for it.
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ProblemDetail invalidParameter(InvalidParameterException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The query string is not valid: parameters must be UTF-8, percent-encoded.");
		problem.setTitle("Invalid input");
		return problem;
	}

	@ExceptionHandler(InstanceNotFoundException.class)
	ProblemDetail notFound(InstanceNotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("No such instance");
		return problem;
	}

}
