package io.cairn.status.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.cairn.support.web.ProblemResponses;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses paths with path parameters ({@code ;}): Spring matches {@code /checks/a;b} as
 * {@code /checks/a}, so a client that meant a check named {@code a;b} (Megaphone allowed
 * such ids) would read, poll or delete check {@code a} instead. Ids may no longer hold
 * {@code ;}, so no path of this API needs one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class PathParameterFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getRequestURI().indexOf(';') >= 0) {
			ProblemResponses.write(request, response, 400,
					"Paths may not hold ';' (path parameters): check ids cannot contain it.");
			return;
		}
		chain.doFilter(request, response);
	}

}
