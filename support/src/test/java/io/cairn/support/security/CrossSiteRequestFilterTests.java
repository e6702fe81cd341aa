package io.cairn.support.security;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class CrossSiteRequestFilterTests {

	private final CrossSiteRequestFilter filter = new CrossSiteRequestFilter(List.of("https://ops.example.com/"));

	@Test
	void aWriteFromAnotherSiteIsRefusedWithProblemDetails() throws Exception {
		MockHttpServletResponse response = run("POST", (request) -> {
			request.addHeader("Origin", "http://evil.example");
			request.addHeader("Sec-Fetch-Site", "cross-site");
			request.setContentType("text/plain");
		});
		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"status\":403", "cairn.security.allowed-origins");
	}

	@Test
	void eitherSignOfAnotherSiteIsEnough() throws Exception {
		assertThat(run("DELETE", (request) -> request.addHeader("Sec-Fetch-Site", "cross-site")).getStatus())
			.isEqualTo(403);
		assertThat(run("PUT", (request) -> request.addHeader("Origin", "http://evil.example")).getStatus())
			.isEqualTo(403);
		assertThat(run("POST", (request) -> request.addHeader("Origin", "http://localhost:9999")).getStatus())
			.as("another port is another origin")
			.isEqualTo(403);
		assertThat(run("POST", (request) -> request.addHeader("Origin", "null")).getStatus())
			.as("an opaque origin (sandboxed frame, data: URL)")
			.isEqualTo(403);
		assertThat(run("POST", (request) -> request.addHeader("Origin", "::not a uri::")).getStatus()).isEqualTo(403);
	}

	@Test
	void theAppsOwnPagesListedOriginsReadsAndNonBrowserClientsPass() throws Exception {
		assertThat(run("POST", (request) -> {
			request.addHeader("Origin", "http://localhost:5000");
			request.addHeader("Sec-Fetch-Site", "same-origin");
		}).getStatus()).isEqualTo(200);
		assertThat(run("POST", (request) -> request.addHeader("Origin", "https://ops.example.com")).getStatus())
			.isEqualTo(200);
		assertThat(run("GET", (request) -> {
			request.addHeader("Origin", "http://evil.example");
			request.addHeader("Sec-Fetch-Site", "cross-site");
		}).getStatus()).isEqualTo(200);
		assertThat(run("POST", (request) -> {
		}).getStatus()).as("curl, servreg, Megaphone and Consular clients send no Origin").isEqualTo(200);
	}

	private MockHttpServletResponse run(String method, Consumer<MockHttpServletRequest> customizer) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/check/add");
		request.setScheme("http");
		request.setServerName("localhost");
		request.setServerPort(5000);
		customizer.accept(request);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
