package io.cairn.support.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a request whose declared {@code Content-Length} is over the limit. It runs
 * inside the dispatcher, so the refusal is rendered by the handler's own error form
 * (Problem Details for REST, a JSON-RPC error for {@code /api}).
 */
public class RequestSizeLimitInterceptor implements HandlerInterceptor {

	private final long limit;

	/**
	 * Create the interceptor.
	 * @param limit the largest body accepted, in bytes
	 */
	public RequestSizeLimitInterceptor(long limit) {
		this.limit = limit;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws PayloadTooLargeException {
		if (request.getContentLengthLong() > this.limit) {
			throw new PayloadTooLargeException(this.limit);
		}
		return true;
	}

}
