package io.cairn.registry.security;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.cairn.registry.security.RegistrySecurityProperties.Access;
import io.cairn.registry.security.RegistrySecurityProperties.ScopedToken;
import io.cairn.support.security.CairnSecurityProperties;
import io.cairn.support.security.WritePolicy;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WriteAccessTests {

	private static final ScopedToken PAYMENTS = new ScopedToken("payments", "p-token",
			List.of("payments", "payments-*"), Access.WRITE);

	private static final ScopedToken READER = new ScopedToken(null, "r-token", List.of("*"), Access.READ);

	@Test
	void aScopedTokenCoversTheNamesItsGlobsMatch() {
		WriteAccess access = access(null, PAYMENTS, READER);
		WriteGrant grant = access.grant(remote(), "p-token");
		assertThat(grant.refused()).isFalse();
		assertThat(grant.permits("payments")).isTrue();
		assertThat(grant.permits("payments-eu")).isTrue();
		assertThat(grant.permits("paymentsX")).isFalse();
		assertThat(grant.permits("orders")).isFalse();
		assertThat(grant.holder()).isEqualTo("token 'payments'");
		assertThat(grant.outOfScope("orders")).contains("'orders'", "payments, payments-*");
		WriteGrant reader = access.grant(remote(), "r-token");
		assertThat(reader.permits("anything")).isFalse();
		assertThat(reader.holder()).isEqualTo("token '#1'");
	}

	@Test
	void withScopedTokensAndNoAdminTokenEveryWriteNeedsAToken() {
		WriteAccess access = access(null, PAYMENTS);
		MockHttpServletRequest loopback = new MockHttpServletRequest();
		loopback.setLocalAddr("127.0.0.1");
		assertThat(access.grant(loopback, null).refusalStatus()).isEqualTo(401);
		assertThat(access.grant(loopback, "wrong").refusalStatus()).isEqualTo(401);
	}

	@Test
	void theAdminTokenWritesEverythingAndAWrongTokenNothing() {
		WriteAccess access = access("admin", PAYMENTS);
		assertThat(access.grant(remote(), "admin").permits("orders")).isTrue();
		assertThat(access.grant(remote(), "nope").refused()).isTrue();
		assertThat(access.grant(remote(), null).refusalStatus()).isEqualTo(401);
	}

	@Test
	void withoutAnyTokenTheWritePolicyDecides() {
		WriteAccess access = access(null);
		assertThat(access.grant(remote(), null).refusalStatus()).isEqualTo(403);
		assertThat(access.grant(remote(), null).refusal()).contains("only from this host");
		MockHttpServletRequest loopback = new MockHttpServletRequest();
		loopback.setLocalAddr("::1");
		assertThat(access.grant(loopback, null).permits("anything")).isTrue();
	}

	@Test
	void aScopedTokenMayNotBeTheAdminTokenNorRepeatNorLackServices() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> access("same", new ScopedToken("x", "same", List.of("a"), Access.WRITE)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RegistrySecurityProperties(List.of(PAYMENTS, PAYMENTS)));
		assertThatIllegalArgumentException().isThrownBy(() -> new ScopedToken("x", "t", List.of(), Access.WRITE));
		assertThatIllegalArgumentException().isThrownBy(() -> new ScopedToken("x", " ", List.of("a"), Access.WRITE));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ScopedToken("x", "t", List.of("a\u202e"), Access.WRITE));
		assertThat(PAYMENTS.toString()).doesNotContain("p-token");
	}

	@Test
	void theInstanceWriteFilterRefusesBeforeTheBodyIsReadAndLeavesTheGrantOtherwise() throws Exception {
		InstanceWriteFilter filter = new InstanceWriteFilter(access("admin", PAYMENTS),
				new WriteRefusals(new SimpleMeterRegistry()));
		MockHttpServletRequest anonymous = instanceWrite("PUT");
		MockHttpServletResponse refused = new MockHttpServletResponse();
		MockFilterChain untouched = new MockFilterChain();
		filter.doFilter(anonymous, refused, untouched);
		assertThat(refused.getStatus()).isEqualTo(401);
		assertThat(refused.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"cairn\"");
		assertThat(refused.getContentType()).startsWith("application/problem+json");
		assertThat(untouched.getRequest()).as("the request went no further").isNull();

		MockHttpServletRequest scoped = instanceWrite("DELETE");
		scoped.addHeader("Authorization", "Bearer p-token");
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(scoped, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isNotNull();
		assertThat(((WriteGrant) scoped.getAttribute(WriteGrant.ATTRIBUTE)).permits("payments")).isTrue();

		MockHttpServletRequest read = new MockHttpServletRequest("GET", "/v1/instances");
		read.setServletPath("/v1/instances");
		MockFilterChain reads = new MockFilterChain();
		filter.doFilter(read, new MockHttpServletResponse(), reads);
		assertThat(reads.getRequest()).as("reads are not filtered").isNotNull();
	}

	private static MockHttpServletRequest instanceWrite(String method) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/v1/instances");
		request.setServletPath("/v1/instances");
		request.setLocalAddr("192.0.2.2");
		return request;
	}

	private static MockHttpServletRequest remote() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setLocalAddr("192.0.2.2");
		request.setRemoteAddr("192.0.2.50");
		return request;
	}

	private static WriteAccess access(String adminToken, ScopedToken... tokens) {
		CairnSecurityProperties security = new CairnSecurityProperties(adminToken);
		return new WriteAccess(new WritePolicy(security), security, new RegistrySecurityProperties(List.of(tokens)));
	}

}
