package io.cairn.support.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokenFilterTests {

	private final BearerTokenFilter filter = new BearerTokenFilter(
			new TokenCheck(new CairnSecurityProperties("s3cret")),
			List.of((request) -> request.getRequestURI().equals("/api")));

	@Test
	void writesWithoutTheTokenAreRefusedWithProblemDetails() throws Exception {
		MockHttpServletResponse response = run("POST", "/v1/things", null);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"cairn\"");
		assertThat(response.getContentAsString()).contains("\"status\":401", "Authorization: Bearer");
		assertThat(run("DELETE", "/v1/things", "Bearer wrong").getStatus()).isEqualTo(401);
		assertThat(run("PUT", "/v1/things", "Basic czNjcmV0").getStatus()).isEqualTo(401);
	}

	@Test
	void writesWithTheTokenReadsAndExemptionsPass() throws Exception {
		assertThat(run("POST", "/v1/things", "Bearer s3cret").getStatus()).isEqualTo(200);
		assertThat(run("POST", "/v1/things", "bearer s3cret").getStatus()).isEqualTo(200);
		assertThat(run("GET", "/v1/things", null).getStatus()).isEqualTo(200);
		assertThat(run("POST", "/api", null).getStatus()).isEqualTo(200);
	}

	@Test
	void withoutAConfiguredTokenEverythingPasses() throws Exception {
		BearerTokenFilter open = new BearerTokenFilter(new TokenCheck(new CairnSecurityProperties(null)), List.of());
		MockHttpServletResponse response = new MockHttpServletResponse();
		open.doFilter(new MockHttpServletRequest("DELETE", "/v1/things"), response, new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(200);
	}

	private MockHttpServletResponse run(String method, String path, String authorization) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
