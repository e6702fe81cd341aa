package io.cairn.support.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes an RFC 9457 Problem Details answer from a servlet filter, where Spring MVC's
 * exception handling does not reach.
 */
public final class ProblemResponses {

	private static final JsonMapper JSON = JsonMapper.shared();

	private ProblemResponses() {
	}

	/**
	 * Write a problem answer.
	 * @param request the request being refused (its URI becomes {@code instance})
	 * @param response the response to write to
	 * @param status the HTTP status
	 * @param detail a sentence saying why and what to do
	 * @throws IOException if the answer cannot be written
	 */
	public static void write(HttpServletRequest request, HttpServletResponse response, int status, String detail)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		HttpStatus known = HttpStatus.resolve(status);
		problem.put("title", (known != null) ? known.getReasonPhrase() : "Error");
		problem.put("status", status);
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(JSON.writeValueAsString(problem));
	}

}
