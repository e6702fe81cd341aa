package io.cairn.bridge.consul;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.bridge.marathon.HostNames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only host names and IP literals are hosts: nothing that could carry a port, a path, a
 * user part or a second header into a URL built from them.
 */
class HostNamesTests {

	@Test
	void hostNamesAndIpLiteralsAreHosts() {
		for (String host : List.of("agent-a", "srv7.hw.ca1.mesosphere.com", "slave-1234.acme.org", "agouti.local",
				"10.141.141.10", "0.0.0.0", "::1", "[::1]", "fe80::1", "[2001:db8::8:800:200c:417a]",
				"ip_10_0_0_1.internal", "a".repeat(63) + ".example")) {
			assertThat(HostNames.isValid(host)).as(host).isTrue();
		}
	}

	@Test
	void anythingElseIsNot() {
		for (String host : List.of("", " ", "evil:80/#", "127.0.0.2:8500", "user@host", "host/path", "host?x", "host#x",
				"a b", "host\r\nX-Injected: 1", "[::1]:80", "-a", "a-", "1.2.3.999", "1.2.3", "\u0435xample.com",
				"a..b", ".a", "a".repeat(64), "h".repeat(254), "[fe80::1%eth0]", "::g", "http://host")) {
			assertThat(HostNames.isValid(host)).as(host).isFalse();
		}
		assertThat(HostNames.isValid(null)).isFalse();
	}

	@Test
	void onlyConfiguredCatalogAndMarathonHostsAreKnown() {
		AgentHosts hosts = new AgentHosts(List.of("configured.example", "evil:80/#"));
		hosts.replace(List.of("agent-a", "10.0.0.7", "bad host"));
		hosts.learn("new-agent");
		hosts.learn("user@host");
		assertThat(hosts.isKnown("configured.example")).isTrue();
		assertThat(hosts.isKnown("AGENT-A")).isTrue();
		assertThat(hosts.isKnown("10.0.0.7")).isTrue();
		assertThat(hosts.isKnown("new-agent")).isTrue();
		assertThat(hosts.isKnown("127.0.0.2")).isFalse();
		assertThat(hosts.isKnown("evil:80/#")).isFalse();
		assertThat(hosts.isKnown("bad host")).isFalse();
		assertThat(hosts.isKnown("user@host")).isFalse();
		assertThat(hosts.isKnown(null)).isFalse();
		hosts.replace(List.of("agent-b"));
		assertThat(hosts.isKnown("agent-a")).isFalse();
		assertThat(hosts.isKnown("new-agent")).isFalse();
	}

}
