package io.cairn.support.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class WritePolicyTests {

	@Test
	void aSetTokenMustBePresentedFromEveryHostLoopbackIncluded() {
		WritePolicy policy = new WritePolicy(new CairnSecurityProperties("s3cret", true, List.of()));
		assertThat(policy.decide(arrivedOn("127.0.0.1"), null)).isEqualTo(WritePolicy.Decision.MISSING_TOKEN);
		assertThat(policy.decide(arrivedOn("127.0.0.1"), "nope")).isEqualTo(WritePolicy.Decision.INVALID_TOKEN);
		assertThat(policy.decide(arrivedOn("10.1.2.3"), "s3cret")).isEqualTo(WritePolicy.Decision.ALLOWED);
		assertThat(policy.openToEveryone()).isFalse();
	}

	@Test
	void withoutATokenOnlyConnectionsToALoopbackAddressMayWrite() {
		WritePolicy policy = new WritePolicy(new CairnSecurityProperties(null));
		assertThat(policy.decide(arrivedOn("127.0.0.1"), null)).isEqualTo(WritePolicy.Decision.ALLOWED);
		assertThat(policy.decide(arrivedOn("127.8.9.10"), null)).isEqualTo(WritePolicy.Decision.ALLOWED);
		assertThat(policy.decide(arrivedOn("0:0:0:0:0:0:0:1"), null)).isEqualTo(WritePolicy.Decision.ALLOWED);
		assertThat(policy.decide(arrivedOn("10.1.2.3"), null)).isEqualTo(WritePolicy.Decision.NOT_FROM_THIS_HOST);
		assertThat(policy.decide(arrivedOn("fe80::1%eth0"), null)).isEqualTo(WritePolicy.Decision.NOT_FROM_THIS_HOST);
		assertThat(policy.decide(arrivedOn("localhost"), null)).as("a name is never looked up, and is not an address")
			.isEqualTo(WritePolicy.Decision.NOT_FROM_THIS_HOST);
	}

	@Test
	void forwardingHeadersCannotMakeARemoteWriteLookLocal() {
		WritePolicy policy = new WritePolicy(new CairnSecurityProperties(null));
		MockHttpServletRequest request = arrivedOn("10.1.2.3");
		request.setRemoteAddr("127.0.0.1");
		request.addHeader("X-Forwarded-For", "127.0.0.1");
		assertThat(policy.decide(request, null)).isEqualTo(WritePolicy.Decision.NOT_FROM_THIS_HOST);
	}

	@Test
	void openWritesAcceptEveryHostWithoutAToken() {
		WritePolicy policy = new WritePolicy(new CairnSecurityProperties(null, true, List.of()));
		assertThat(policy.openToEveryone()).isTrue();
		assertThat(policy.decide(arrivedOn("10.1.2.3"), null)).isEqualTo(WritePolicy.Decision.ALLOWED);
	}

	private static MockHttpServletRequest arrivedOn(String localAddress) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/things");
		request.setLocalAddr(localAddress);
		request.setRemoteAddr(localAddress);
		return request;
	}

}
