package io.cairn.support.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokenFilterTests {

	private final BearerTokenFilter filter = new BearerTokenFilter(
			new WritePolicy(new CairnSecurityProperties("s3cret")),
			List.of((request) -> request.getRequestURI().equals("/api")));

	@Test
	void writesWithoutTheTokenAreRefusedWithProblemDetails() throws Exception {
		MockHttpServletResponse response = run(this.filter, "POST", "/v1/things", null, "127.0.0.1");
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"cairn\"");
		assertThat(response.getContentAsString()).contains("\"status\":401", "Authorization: Bearer",
				"\"instance\":\"/v1/things\"");
		assertThat(run(this.filter, "DELETE", "/v1/things", "Bearer wrong", "127.0.0.1").getStatus()).isEqualTo(401);
		assertThat(run(this.filter, "PUT", "/v1/things", "Basic czNjcmV0", "127.0.0.1").getStatus()).isEqualTo(401);
	}

	@Test
	void writesWithTheTokenReadsAndExemptionsPass() throws Exception {
		assertThat(run(this.filter, "POST", "/v1/things", "Bearer s3cret", "10.0.0.5").getStatus()).isEqualTo(200);
		assertThat(run(this.filter, "POST", "/v1/things", "bearer s3cret", "10.0.0.5").getStatus()).isEqualTo(200);
		assertThat(run(this.filter, "GET", "/v1/things", null, "10.0.0.5").getStatus()).isEqualTo(200);
		assertThat(run(this.filter, "POST", "/api", null, "10.0.0.5").getStatus()).isEqualTo(200);
	}

	@Test
	void withoutATokenWritesFromAnotherHostAreRefusedAndLoopbackWritesPass() throws Exception {
		BearerTokenFilter closed = new BearerTokenFilter(new WritePolicy(new CairnSecurityProperties(null)), List.of());
		MockHttpServletResponse refused = run(closed, "DELETE", "/v1/things", null, "10.0.0.5");
		assertThat(refused.getStatus()).isEqualTo(403);
		assertThat(refused.getHeader("WWW-Authenticate")).isNull();
		assertThat(refused.getContentAsString()).contains("cairn.security.token", "cairn.security.open-writes");
		assertThat(run(closed, "DELETE", "/v1/things", null, "127.0.0.1").getStatus()).isEqualTo(200);
		assertThat(run(closed, "DELETE", "/v1/things", null, "::1").getStatus()).isEqualTo(200);
		assertThat(run(closed, "GET", "/v1/things", null, "10.0.0.5").getStatus()).isEqualTo(200);
	}

	@Test
	void openWritesAcceptWritesFromAnyHostWithoutAToken() throws Exception {
		BearerTokenFilter open = new BearerTokenFilter(
				new WritePolicy(new CairnSecurityProperties(null, true, List.of())), List.of());
		assertThat(run(open, "DELETE", "/v1/things", null, "10.0.0.5").getStatus()).isEqualTo(200);
	}

	private static MockHttpServletResponse run(BearerTokenFilter filter, String method, String path,
			String authorization, String localAddress) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setLocalAddr(localAddress);
		request.setRemoteAddr(localAddress);
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
